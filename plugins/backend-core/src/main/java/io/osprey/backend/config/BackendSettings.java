package io.osprey.backend.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.osprey.api.config.ConfigReader;
import io.osprey.backend.auth.PasswordHash;

/**
 * The keys every backend reads the same way, parsed and checked; immutable. A backend's own settings hold one of these
 * beside its connection keys.
 *
 * @param rules the {@code hook.<point>.<n>} rules in key order
 * @param <T>   the backend's compiled raw action
 */
public record BackendSettings<T>(int poolSize, Duration connectTimeout, Duration queryTimeout, int batchSize,
                                 int queueSize, Duration retryInterval, Duration flushTimeout, int maxReturnedCount,
                                 Duration timeRange, List<HookRule<T>> rules, PasswordHash passwordHash,
                                 boolean authDenyWhenDown, boolean aclDenyWhenDown, Duration aclQueryCache) {

    public BackendSettings {
        rules = List.copyOf(rules);
    }

    /** Reads the shared keys; errors are collected in {@code r} (the caller calls {@code r.check()}). */
    public static <T> BackendSettings<T> parse(ConfigReader r, RawAction<T> rawAction) {
        int poolSize = r.integer("pool_size", 8, 1, 256);
        Duration connectTimeout = r.duration("connect_timeout", "5s");
        Duration queryTimeout = r.duration("query_timeout", "5s");
        if (queryTimeout.toMillis() < 100) {
            r.error("query_timeout", String.valueOf(r.raw("query_timeout")), "a duration of 100ms or more");
        }
        int batchSize = r.integer("batch_size", 1000, 1, 10_000);
        int queueSize = r.integer("queue_size", 100_000, 1, 100_000_000);
        Duration retry = r.duration("retry_interval", "1s");
        Duration flush = r.duration("flush_timeout", "5s");
        int maxReturned = infinityOr(r, "max_returned_count", "500");
        Duration timeRange = durationOrInfinity(r, "time_range", "infinity");
        List<HookRule<T>> rules = RuleParser.parse(r, maxReturned, timeRange, rawAction);
        PasswordHash hash = null;
        String hashText = r.string("password_hash", "sha256");
        try {
            hash = PasswordHash.parse(hashText);
        } catch (IllegalArgumentException e) {
            r.error("password_hash", hashText, e.getMessage());
        }
        boolean authDeny = r.oneOf("auth_on_db_down", "ignore", "ignore", "deny").equals("deny");
        boolean aclDeny = r.oneOf("acl_on_db_down", "ignore", "ignore", "deny").equals("deny");
        Duration aclCache = r.duration("acl_query_cache", "5s");
        return new BackendSettings<>(poolSize, connectTimeout, queryTimeout, batchSize, queueSize, retry, flush,
                maxReturned, timeRange, rules, hash, authDeny, aclDeny, aclCache);
    }

    /**
     * An authentication or ACL query ({@code auth_query}, {@code auth_cmd}, …) compiled with the placeholders of
     * {@link Points#AUTH_VARS}; {@code null} when the key is empty (the feature is off).
     */
    public static <T> T authTemplate(ConfigReader r, String key, RawAction<T> rawAction) {
        String text = r.string(key, "");
        if (text.isBlank()) {
            return null;
        }
        try {
            return rawAction.compile(text, Points.AUTH_VARS);
        } catch (IllegalArgumentException e) {
            r.error(key, text, e.getMessage());
            return null;
        }
    }

    /** A count where {@code infinity} (or 0) means no limit; returns 0 for no limit. */
    static int infinityOr(ConfigReader r, String key, String def) {
        String v = r.string(key, def);
        if (v.equalsIgnoreCase("infinity")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        r.error(key, v, "a count, or infinity");
        return 0;
    }

    /** A duration where {@code infinity} (or 0) means no limit; returns {@link Duration#ZERO} for no limit. */
    static Duration durationOrInfinity(ConfigReader r, String key, String def) {
        String v = r.string(key, def);
        if (v.equalsIgnoreCase("infinity")) {
            return Duration.ZERO;
        }
        Duration d = ConfigReader.parseDuration(v);
        if (d == null) {
            r.error(key, v, "a duration such as 30m, 2h or 7d, or infinity");
            return Duration.ZERO;
        }
        return d;
    }

    /** The rules of one hook point, in key order. */
    public List<HookRule<T>> rules(String point) {
        List<HookRule<T>> out = new ArrayList<>();
        for (HookRule<T> rule : rules) {
            if (rule.point().equals(point)) {
                out.add(rule);
            }
        }
        return out;
    }

    /** The query timeout in whole seconds, at least 1 (what JDBC's setQueryTimeout takes). */
    public int queryTimeoutSeconds() {
        return (int) Math.max(1, (queryTimeout.toMillis() + 999) / 1000);
    }
}
