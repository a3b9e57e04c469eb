package io.osprey.backend.auth;

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
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.write.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client.authenticate} from a database, as EMQX's auth plugins: the {@link AuthSource} returns the stored
 * {@code password} (and {@code salt}) of the user; no user means "not mine" (the next authenticator decides), a
 * password that does not match {@code password_hash} is denied, a match is allowed — as superuser when the super
 * query says so.
 * <p>
 * The query runs on the backend's query threads; the client's I/O thread only gets a stage. When the database cannot
 * be reached (or does not answer within {@code query_timeout}) the answer is {@code auth_on_db_down}: ignore (the next
 * authenticator, then {@code allow_anonymous}, decide) or deny (CONNACK "server unavailable").
 */
public final class BackendAuthenticator implements ClientAuthenticate {

    private static final Logger LOG = LoggerFactory.getLogger(BackendAuthenticator.class);

    private static final AuthResult ALLOW = AuthResult.of(AuthResult.Decision.ALLOW, false);
    private static final AuthResult SUPERUSER = AuthResult.of(AuthResult.Decision.ALLOW, true);
    private static final AuthResult IGNORE = AuthResult.of(AuthResult.Decision.IGNORE, false);
    private static final AuthResult BAD_PASSWORD = AuthResult.of(AuthResult.Decision.DENY, false);
    private static final AuthResult UNAVAILABLE = AuthResult.deny(ConnectReason.SERVER_UNAVAILABLE)
            .toCompletableFuture().join();

    private final String plugin;
    private final AuthSource source;
    private final Supplier<? extends BackendSettings<?>> settings;
    private final Executor executor;
    private final AtomicLong success = new AtomicLong();
    private final AtomicLong failure = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private volatile long lastErrorLog;

    public BackendAuthenticator(String plugin, AuthSource source, Supplier<? extends BackendSettings<?>> settings,
                                Executor executor) {
        this.plugin = plugin;
        this.source = source;
        this.settings = settings;
        this.executor = executor;
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
        BackendSettings<?> s = settings.get();
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

    private AuthResult check(BackendSettings<?> s, Credentials who) {
        AuthSource.StoredPassword stored;
        try {
            stored = source.password(who);
        } catch (UnavailableException e) {
            return unavailable(s, e.getMessage());
        }
        if (stored == null) {
            ignored.incrementAndGet();
            return IGNORE;
        }
        if (!s.passwordHash().check(stored.hash(), stored.salt(), who.password())) {
            failure.incrementAndGet();
            return BAD_PASSWORD;
        }
        success.incrementAndGet();
        return source.isSuperuser(who) ? SUPERUSER : ALLOW;
    }

    private AuthResult unavailable(BackendSettings<?> s, String why) {
        unavailable.incrementAndGet();
        log("authentication unavailable (" + why + "): " + (s.authDenyWhenDown() ? "denying"
                : "passing to the next authenticator"));
        return s.authDenyWhenDown() ? UNAVAILABLE : IGNORE;
    }

    private void log(String message) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > 10_000) {
            lastErrorLog = now;
            LOG.warn("{}: {} (further messages within 10 s are only counted)", plugin, message);
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
}
