package io.osprey.backend.auth;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.osprey.api.ClientInfo;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.write.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client.check_acl} from a database, as EMQX's auth plugins: the {@link AuthSource} returns the client's ACL
 * rules; the first one, in the order the query returns them, that matches the client, the action and the topic
 * decides; no matching rule is "no opinion" ({@code acl_nomatch} decides in the end).
 * <p>
 * The rules of one client are kept for {@code acl_query_cache}, so a client publishing to many topics costs one query
 * per period, on top of the broker's own per-topic ACL cache. When the database cannot be reached the answer is
 * {@code acl_on_db_down}: ignore or deny.
 */
public final class BackendAcl implements ClientCheckAcl {

    private static final Logger LOG = LoggerFactory.getLogger(BackendAcl.class);
    private static final int MAX_CACHED_CLIENTS = 100_000;

    private final String plugin;
    private final AuthSource source;
    private final Supplier<? extends BackendSettings<?>> settings;
    private final Executor executor;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong allowed = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();
    private final AtomicLong nomatch = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private volatile long lastErrorLog;

    private record Cached(List<AclRow> rows, long expiresAt) {
    }

    public BackendAcl(String plugin, AuthSource source, Supplier<? extends BackendSettings<?>> settings,
                      Executor executor) {
        this.plugin = plugin;
        this.source = source;
        this.settings = settings;
        this.executor = executor;
    }

    /** Forgets every cached rule (the configuration changed). */
    public void clearCache() {
        cache.clear();
    }

    @Override
    public CompletionStage<AclResult> checkAcl(ClientInfo client, AclAction action, String topic) {
        BackendSettings<?> s = settings.get();
        String clientId = client.clientId();
        String username = client.username();
        String peerHost = client.peerHost();
        String certCn = client.peerCertCommonName();
        String key = clientId + '\u0000' + username + '\u0000' + peerHost;
        Cached hit = cache.get(key);
        if (hit != null && hit.expiresAt() > System.currentTimeMillis()) {
            return decide(hit.rows(), clientId, username, peerHost, action, topic).stage();
        }
        CompletableFuture<AclResult> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                List<AclRow> rows;
                try {
                    rows = source.aclRows(new Credentials(clientId, username, peerHost, certCn, null));
                } catch (UnavailableException e) {
                    result.complete(unavailable(s, e.getMessage()));
                    return;
                }
                long ttl = s.aclQueryCache().toMillis();
                if (ttl > 0) {
                    if (cache.size() >= MAX_CACHED_CLIENTS) {
                        cache.clear();
                    }
                    cache.put(key, new Cached(rows, System.currentTimeMillis() + ttl));
                }
                result.complete(decide(rows, clientId, username, peerHost, action, topic));
            });
        } catch (RejectedExecutionException e) {
            return unavailable(s, "too many queries waiting").stage();
        }
        long timeout = s.queryTimeout().toMillis();
        return result.completeOnTimeout(null, timeout, TimeUnit.MILLISECONDS)
                .thenApply(r -> r != null ? r : unavailable(s, "no answer within " + timeout + " ms"));
    }

    private AclResult decide(List<AclRow> rows, String clientId, String username, String peerHost, AclAction action,
                             String topic) {
        for (AclRow row : rows) {
            if (row.matches(clientId, username, peerHost, action, topic)) {
                if (row.allow()) {
                    allowed.incrementAndGet();
                    return AclResult.ALLOW;
                }
                denied.incrementAndGet();
                return AclResult.DENY;
            }
        }
        nomatch.incrementAndGet();
        return AclResult.IGNORE;
    }

    private AclResult unavailable(BackendSettings<?> s, String why) {
        unavailable.incrementAndGet();
        log("ACL unavailable (" + why + "): " + (s.aclDenyWhenDown() ? "denying" : "no opinion"));
        return s.aclDenyWhenDown() ? AclResult.DENY : AclResult.IGNORE;
    }

    private void log(String message) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > 10_000) {
            lastErrorLog = now;
            LOG.warn("{}: {} (further messages within 10 s are only counted)", plugin, message);
        }
    }

    public Map<String, Long> counters() {
        return Map.of("allow", allowed.get(), "deny", denied.get(), "nomatch", nomatch.get(), "unavailable",
                unavailable.get());
    }
}
