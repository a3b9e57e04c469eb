package io.osprey.plugin.mysql.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
import io.osprey.plugin.mysql.config.MysqlSettings;
import io.osprey.plugin.mysql.sql.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client.check_acl} from MySQL, as EMQX's emqx_auth_mysql: {@code acl_query} returns mqtt_acl rows (allow,
 * ipaddr, username, clientid, access, topic) for the client; the first row, in the order the query returns them,
 * that matches the client, the action and the topic decides; no matching row is "no opinion" ({@code acl_nomatch}
 * decides in the end).
 * <p>
 * The rows of one client are kept for {@code acl_query_cache}, so a client publishing to many topics costs one query
 * per period, on top of the broker's own per-topic ACL cache. When MySQL cannot be reached the answer is
 * {@code acl_on_db_down}: ignore or deny.
 */
public final class MysqlAcl implements ClientCheckAcl {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlAcl.class);
    private static final int MAX_CACHED_CLIENTS = 100_000;

    private final Supplier<Database> db;
    private final Supplier<MysqlSettings> settings;
    private final Executor executor;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong allowed = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();
    private final AtomicLong nomatch = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private volatile long lastErrorLog;

    private record Cached(List<AclRow> rows, long expiresAt) {
    }

    public MysqlAcl(Supplier<Database> db, Supplier<MysqlSettings> settings, Executor executor) {
        this.db = db;
        this.settings = settings;
        this.executor = executor;
    }

    /** Forgets every cached row (the configuration changed). */
    public void clearCache() {
        cache.clear();
    }

    @Override
    public CompletionStage<AclResult> checkAcl(ClientInfo client, AclAction action, String topic) {
        MysqlSettings s = settings.get();
        if (s.aclQuery() == null) {
            return AclResult.IGNORE.stage();
        }
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
                List<AclRow> rows = query(s, new MysqlAuthenticator.Credentials(clientId, username, peerHost,
                        certCn, null));
                if (rows == null) {
                    result.complete(unavailable(s, "MySQL unreachable or the query failed"));
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

    /** @return the rows, or {@code null} when MySQL could not answer */
    private List<AclRow> query(MysqlSettings s, MysqlAuthenticator.Credentials who) {
        Database d = db.get();
        try (Connection c = d.connection();
             PreparedStatement ps = MysqlAuthenticator.prepare(c, s, s.aclQuery(), who);
             ResultSet rs = ps.executeQuery()) {
            List<AclRow> rows = new ArrayList<>();
            while (rs.next()) {
                AclRow row = row(rs);
                if (row != null) {
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            d.markDown(e);
            log("acl_query failed: " + e.getMessage());
            return null;
        }
    }

    private AclRow row(ResultSet rs) throws SQLException {
        String ip = rs.getString("ipaddr");
        Cidr cidr = null;
        if (ip != null && !ip.isBlank()) {
            cidr = Cidr.parse(ip);
            if (cidr == null) {
                log("mqtt_acl row with ipaddr '" + ip + "' skipped: not an address or CIDR");
                return null;
            }
        }
        String allow = rs.getString("allow");
        return AclRow.of(MysqlAuthenticator.truthy(allow), cidr, rs.getString("username"), rs.getString("clientid"),
                rs.getInt("access"), rs.getString("topic"), this::log);
    }

    private AclResult unavailable(MysqlSettings s, String why) {
        unavailable.incrementAndGet();
        log("ACL from MySQL unavailable (" + why + "): " + (s.aclDenyWhenDown() ? "denying" : "no opinion"));
        return s.aclDenyWhenDown() ? AclResult.DENY : AclResult.IGNORE;
    }

    private void log(String message) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > 10_000) {
            lastErrorLog = now;
            LOG.warn("backend-mysql: {} (further messages within 10 s are only counted)", message);
        }
    }

    public Map<String, Long> counters() {
        return Map.of("allow", allowed.get(), "deny", denied.get(), "nomatch", nomatch.get(), "unavailable",
                unavailable.get());
    }
}
