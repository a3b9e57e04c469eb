package io.osprey.plugin.mysql.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.osprey.api.ClientInfo;
import io.osprey.api.ConnectReason;
import io.osprey.api.hook.AuthResult;
import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.plugin.mysql.config.MysqlSettings;
import io.osprey.plugin.mysql.sql.Database;
import io.osprey.plugin.mysql.sql.SqlTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client.authenticate} from MySQL, as EMQX's emqx_auth_mysql: {@code auth_query} returns the stored
 * {@code password} (and {@code salt}) of the user; no row means "not mine" (the next authenticator decides), a
 * password that does not match {@code password_hash} is denied, a match is allowed — as superuser when
 * {@code super_query} returns a true value.
 * <p>
 * The query runs on the plugin's query threads; the client's I/O thread only gets a stage. When MySQL cannot be
 * reached (or does not answer within {@code query_timeout}) the answer is {@code auth_on_db_down}: ignore (the next
 * authenticator, then {@code allow_anonymous}, decide) or deny (CONNACK "server unavailable").
 */
public final class MysqlAuthenticator implements ClientAuthenticate {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlAuthenticator.class);

    private static final AuthResult ALLOW = AuthResult.of(AuthResult.Decision.ALLOW, false);
    private static final AuthResult SUPERUSER = AuthResult.of(AuthResult.Decision.ALLOW, true);
    private static final AuthResult IGNORE = AuthResult.of(AuthResult.Decision.IGNORE, false);
    private static final AuthResult BAD_PASSWORD = AuthResult.of(AuthResult.Decision.DENY, false);
    private static final AuthResult UNAVAILABLE = AuthResult.deny(ConnectReason.SERVER_UNAVAILABLE)
            .toCompletableFuture().join();

    private final Supplier<Database> db;
    private final Supplier<MysqlSettings> settings;
    private final Executor executor;
    private final AtomicLong success = new AtomicLong();
    private final AtomicLong failure = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private volatile long lastErrorLog;

    public MysqlAuthenticator(Supplier<Database> db, Supplier<MysqlSettings> settings, Executor executor) {
        this.db = db;
        this.settings = settings;
        this.executor = executor;
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
        MysqlSettings s = settings.get();
        if (s.authQuery() == null) {
            return AuthResult.ignore();
        }
        // copy what the query needs: the request belongs to the I/O thread
        ClientInfo c = request.client();
        Credentials who = new Credentials(c.clientId(), c.username(), c.peerHost(), c.peerCertCommonName(),
                request.password() == null ? null : request.password().clone());
        CompletableFuture<AuthResult> result = new CompletableFuture<>();
        try {
            executor.execute(() -> result.complete(check(s, who)));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(unavailable(s, "too many queries waiting"));
        }
        long timeout = s.queryTimeout().toMillis();
        return result.completeOnTimeout(null, timeout, TimeUnit.MILLISECONDS)
                .thenApply(r -> r != null ? r : unavailable(s, "no answer within " + timeout + " ms"));
    }

    private AuthResult check(MysqlSettings s, Credentials who) {
        Database d = db.get();
        try (Connection conn = d.connection()) {
            String stored;
            String salt;
            try (PreparedStatement ps = prepare(conn, s, s.authQuery(), who); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    ignored.incrementAndGet();
                    return IGNORE;
                }
                stored = column(rs, "password", 1);
                salt = column(rs, "salt", 2);
            }
            if (!s.passwordHash().check(stored, salt, who.password())) {
                failure.incrementAndGet();
                return BAD_PASSWORD;
            }
            success.incrementAndGet();
            if (s.superQuery() != null && isSuperuser(conn, s, who)) {
                return SUPERUSER;
            }
            return ALLOW;
        } catch (SQLException e) {
            d.markDown(e);
            return unavailable(s, e.getMessage());
        }
    }

    private boolean isSuperuser(Connection conn, MysqlSettings s, Credentials who) {
        try (PreparedStatement ps = prepare(conn, s, s.superQuery(), who); ResultSet rs = ps.executeQuery()) {
            return rs.next() && truthy(rs.getString(1));
        } catch (SQLException e) {
            log("super_query failed for " + who.clientId() + ": " + e.getMessage());
            return false;
        }
    }

    static boolean truthy(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    static PreparedStatement prepare(Connection conn, MysqlSettings s, SqlTemplate t, Credentials who)
            throws SQLException {
        PreparedStatement ps = conn.prepareStatement(t.sql());
        ps.setQueryTimeout((int) Math.max(1, (s.queryTimeout().toMillis() + 999) / 1000));
        Object[] values = t.bind(who::value);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                ps.setObject(i + 1, values[i]);
            }
        }
        return ps;
    }

    /** The column by label if the query has it, else by position (or {@code null} when there is none). */
    private static String column(ResultSet rs, String label, int position) throws SQLException {
        try {
            return rs.getString(rs.findColumn(label));
        } catch (SQLException e) {
            return rs.getMetaData().getColumnCount() >= position ? rs.getString(position) : null;
        }
    }

    private AuthResult unavailable(MysqlSettings s, String why) {
        unavailable.incrementAndGet();
        log("authentication from MySQL unavailable (" + why + "): " + (s.authDenyWhenDown() ? "denying"
                : "passing to the next authenticator"));
        return s.authDenyWhenDown() ? UNAVAILABLE : IGNORE;
    }

    private void log(String message) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > 10_000) {
            lastErrorLog = now;
            LOG.warn("backend-mysql: {} (further messages within 10 s are only counted)", message);
        }
    }

    public long success() {
        return success.get();
    }

    public long failure() {
        return failure.get();
    }

    public long ignored() {
        return ignored.get();
    }

    public long unavailableCount() {
        return unavailable.get();
    }

    /** What the queries may bind, copied from the connecting client. */
    record Credentials(String clientId, String username, String peerHost, String certCn, byte[] password) {
        Object value(String name) {
            return switch (name) {
                case "clientid" -> clientId;
                case "username" -> username;
                case "peerhost" -> peerHost;
                case "certcn" -> certCn;
                default -> null;
            };
        }
    }
}
