package io.osprey.plugin.mysql.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.plugin.mysql.auth.PasswordHash;
import io.osprey.plugin.mysql.sql.SqlTemplate;

/**
 * The plugin's configuration ({@code etc/osprey.backend.mysql.cfg}), parsed and checked; immutable. A new snapshot
 * replaces the one in force only when every value in it is good.
 *
 * @param rules the {@code hook.<point>.<n>} rules in key order
 */
public record MysqlSettings(String host, int port, String user, String password, String database, int poolSize,
                            Duration connectTimeout, Duration queryTimeout, boolean ssl, boolean sslVerify,
                            String sslCaCertFile, boolean createSchema, int batchSize, int queueSize,
                            Duration retryInterval, Duration flushTimeout, int maxReturnedCount, Duration timeRange,
                            List<HookRule> rules, SqlTemplate authQuery, PasswordHash passwordHash,
                            SqlTemplate superQuery, SqlTemplate aclQuery, boolean authDenyWhenDown,
                            boolean aclDenyWhenDown, Duration aclQueryCache) {

    /** The name ConfigReader derives from {@code etc/osprey.backend.mysql.cfg} (environment: OSPREY_BACKEND_MYSQL__…). */
    public static final String NAME = "backend.mysql";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$\\-]{1,64}");

    public MysqlSettings {
        rules = List.copyOf(rules);
    }

    /** Parses ConfigAdmin's properties (with environment overrides). */
    public static MysqlSettings parse(Map<String, ?> properties, Path home) throws ConfigException {
        return parse(ConfigReader.of(NAME, RawValues.restorePlaceholders(properties)), home);
    }

    public static MysqlSettings parse(ConfigReader r, Path home) throws ConfigException {
        String server = r.string("server", "127.0.0.1:3306");
        String host = server;
        int port = 3306;
        int colon = server.lastIndexOf(':');
        if (colon > 0 && server.indexOf(']') < colon) {
            host = server.substring(0, colon);
            try {
                port = Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (!HOST.matcher(host).matches() || port < 1 || port > 65535) {
            r.error("server", server, "host:port, such as 127.0.0.1:3306");
        }
        String user = r.string("user", r.string("username", "root"));
        String password = r.string("password", "");
        String database = r.string("database", "mqtt");
        if (!DATABASE.matcher(database).matches()) {
            r.error("database", database, "a database name of letters, digits, _, $ or -");
        }
        int poolSize = r.integer("pool_size", 8, 1, 256);
        Duration connectTimeout = r.duration("connect_timeout", "5s");
        Duration queryTimeout = r.duration("query_timeout", "5s");
        if (queryTimeout.toMillis() < 100) {
            r.error("query_timeout", String.valueOf(r.raw("query_timeout")), "a duration of 100ms or more");
        }
        boolean ssl = r.bool("ssl", false);
        String verify = r.oneOf("ssl.verify", "verify_peer", "verify_peer", "verify_none");
        String caFile = r.string("ssl.cacertfile", "");
        if (!caFile.isEmpty() && !Path.of(caFile).isAbsolute() && home != null) {
            caFile = home.resolve(caFile).normalize().toString();
        }
        boolean createSchema = r.bool("create_schema", true);
        int batchSize = r.integer("batch_size", 1000, 1, 10_000);
        int queueSize = r.integer("queue_size", 100_000, 1, 100_000_000);
        Duration retry = r.duration("retry_interval", "1s");
        Duration flush = r.duration("flush_timeout", "5s");
        int maxReturned = infinityOr(r, "max_returned_count", "500");
        Duration timeRange = durationOrInfinity(r, "time_range", "infinity");

        List<HookRule> rules = RuleParser.parse(r, maxReturned, timeRange);

        SqlTemplate authQuery = query(r, "auth_query");
        PasswordHash hash = null;
        String hashText = r.string("password_hash", "sha256");
        try {
            hash = PasswordHash.parse(hashText);
        } catch (IllegalArgumentException e) {
            r.error("password_hash", hashText, e.getMessage());
        }
        SqlTemplate superQuery = query(r, "super_query");
        SqlTemplate aclQuery = query(r, "acl_query");
        boolean authDeny = r.oneOf("auth_on_db_down", "ignore", "ignore", "deny").equals("deny");
        boolean aclDeny = r.oneOf("acl_on_db_down", "ignore", "ignore", "deny").equals("deny");
        Duration aclCache = r.duration("acl_query_cache", "5s");
        r.check();
        return new MysqlSettings(host, port, user, password, database, poolSize, connectTimeout, queryTimeout, ssl,
                verify.equals("verify_peer"), caFile, createSchema, batchSize, queueSize, retry, flush, maxReturned,
                timeRange, rules, authQuery, hash, superQuery, aclQuery, authDeny, aclDeny, aclCache);
    }

    private static SqlTemplate query(ConfigReader r, String key) {
        String text = r.string(key, "");
        if (text.isBlank()) {
            return null;
        }
        try {
            return SqlTemplate.parse(text, Points.AUTH_VARS);
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

    /** {@code host:port/database}, for logs and status. */
    public String target() {
        return host + ":" + port + "/" + database;
    }

    /** The driver URL: everything but the credentials, which go to the DataSource. */
    public String jdbcUrl() {
        StringBuilder u = new StringBuilder("jdbc:mariadb://").append(host).append(':').append(port).append('/')
                .append(database).append('?');
        u.append("connectTimeout=").append(Math.max(1, connectTimeout.toMillis()));
        // a read that hangs longer than this breaks the connection (the server stopped answering)
        u.append("&socketTimeout=").append(Math.max(10_000, 2 * queryTimeout.toMillis()));
        if (!ssl) {
            u.append("&sslMode=disable");
        } else if (!sslVerify) {
            u.append("&sslMode=trust");
        } else {
            u.append("&sslMode=verify-full");
            if (!sslCaCertFile.isEmpty()) {
                // the driver reads serverSslCert as a URL (a bare or form-encoded path fails with "URI is not
                // absolute") and does not decode URL parameters: a file URI, with '&' escaped as the URL allows
                u.append("&serverSslCert=").append(Path.of(sslCaCertFile).toUri().toASCIIString().replace("&", "%26"));
            }
        }
        u.append("&useBulkStmts=true&useBulkStmtsForInserts=true&cachePrepStmts=true");
        return u.toString();
    }

    /** Do two snapshots need different pools? */
    public boolean sameConnection(MysqlSettings o) {
        return o != null && host.equals(o.host) && port == o.port && user.equals(o.user)
                && password.equals(o.password) && database.equals(o.database) && poolSize == o.poolSize
                && connectTimeout.equals(o.connectTimeout) && queryTimeout.equals(o.queryTimeout) && ssl == o.ssl
                && sslVerify == o.sslVerify && sslCaCertFile.equals(o.sslCaCertFile)
                && createSchema == o.createSchema && Objects.equals(retryInterval, o.retryInterval)
                && needsAuthTables() == o.needsAuthTables();
    }

    public boolean needsAuthTables() {
        return authQuery != null || aclQuery != null;
    }

    /** The rules of one hook point, in key order. */
    public List<HookRule> rules(String point) {
        List<HookRule> out = new ArrayList<>();
        for (HookRule rule : rules) {
            if (rule.point().equals(point)) {
                out.add(rule);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "MysqlSettings{" + target() + ", user=" + user + ", pool_size=" + poolSize + ", rules=" + rules.size()
                + ", auth=" + (authQuery != null) + ", acl=" + (aclQuery != null) + "}";
    }
}
