package io.osprey.plugin.authfile;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.osprey.api.ClientInfo;
import io.osprey.api.ConnectReason;
import io.osprey.api.hook.AuthResult;
import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.api.service.MetricsService;
import io.osprey.plugin.authfile.passwd.Credentials;
import io.osprey.plugin.authfile.passwd.Entry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client.authenticate} against the password file, last in the chain (ranking {@value #RANKING}, like EMQX's
 * file modules), so any other authenticator is asked first.
 * <ul>
 * <li>Neither the user name nor the client id is in the file: <b>ignore</b>. The next authenticator, or
 * {@code allow_anonymous}, decides; the file only speaks for the names it lists.</li>
 * <li>Otherwise every entry that names the client must accept the password: the user name's entry and, when there
 * is one, the client id's (so a client cannot borrow a user name, which ACL rules may rely on, with a client id's
 * password, nor the other way round). <b>Allow</b>, as superuser when a matching entry is marked so; else <b>deny</b>
 * as bad user name or password (CONNACK 0x86; 3.1.1: 0x04), also for a missing or empty password.</li>
 * </ul>
 * PBKDF2 is slow by design, so verification never runs on the I/O thread: it goes to this plugin's own small pool
 * ({@code verify_threads}) and the stage completes from there. A verification that succeeded is remembered for
 * {@code cache_ttl} ({@link VerifiedCache}); a reconnect with the same password is then answered on the I/O thread
 * in microseconds. When {@code verify_queue_len} CONNECTs already wait for the pool, more are refused as server busy
 * (0x89; 3.1.1: 0x03) rather than queued without bound, and clients retry.
 */
@Component(service = ClientAuthenticate.class, property = "service.ranking:Integer=" + FileAuthenticator.RANKING)
public final class FileAuthenticator implements ClientAuthenticate {

    /** The documented place of the file modules: after every other authenticator. */
    static final int RANKING = -1;
    static final String ALLOWED = "auth_file.allowed";
    static final String DENIED = "auth_file.denied";
    static final String IGNORED = "auth_file.ignored";
    static final String CACHE_HITS = "auth_file.cache_hits";
    static final String BUSY = "auth_file.busy";

    private static final Logger LOG = LoggerFactory.getLogger(FileAuthenticator.class);

    private final PasswordStore store;
    private final MetricsService metrics;
    private final VerifiedCache cache = new VerifiedCache();
    private final ThreadPoolExecutor pool;
    private final AtomicInteger waiting = new AtomicInteger();

    @Activate
    public FileAuthenticator(@Reference PasswordStore store, @Reference MetricsService metrics) {
        this.store = store;
        this.metrics = metrics;
        int threads = store.settings().verifyThreads();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "osprey-auth-file-verify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        // verifications still queued: the plugin is going away, the client retries (never let it in unverified)
        for (Runnable r : pool.shutdownNow()) {
            if (r instanceof Verification v) {
                v.result.complete(AuthResult.deny(ConnectReason.SERVER_UNAVAILABLE).toCompletableFuture().join());
            }
        }
        cache.clear();
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
        Credentials credentials = store.credentials();
        ClientInfo client = request.client();
        Entry user = credentials.user(client.username());
        Entry clientId = credentials.clientId(client.clientId());
        if (user == null && clientId == null) {
            metrics.increment(IGNORED, 1);
            return AuthResult.ignore();
        }
        if ((user != null && user.locked()) || (clientId != null && clientId.locked())) {
            return denied(client, "its entry is locked ($locked: no password is set)");
        }
        byte[] password = request.password();
        if (password == null || password.length == 0) {
            return denied(client, "no password");
        }
        if (!verifiable(user) || !verifiable(clientId)) {
            return denied(client, "its line in the password file is bad");
        }
        AuthFileSettings s = store.settings();
        long now = System.nanoTime();
        byte[] tag = s.cacheTtl().isZero() ? null : cache.tag(password);
        boolean userDone = tag != null && cache.verified(credentials, user, tag, now);
        boolean clientIdDone = tag != null && cache.verified(credentials, clientId, tag, now);
        if (userDone && clientIdDone) {
            metrics.increment(CACHE_HITS, 1);
            return allowed(user, clientId);
        }
        if (s.verifyThreads() != pool.getMaximumPoolSize()) {
            resize(s.verifyThreads());
        }
        if (waiting.incrementAndGet() > s.verifyQueueLen() + s.verifyThreads()) {
            waiting.decrementAndGet();
            metrics.increment(BUSY, 1);
            LOG.debug("Refused client {} as server busy: {} verifications waiting", client.clientId(),
                    s.verifyQueueLen());
            return AuthResult.deny(ConnectReason.SERVER_BUSY);
        }
        Verification v = new Verification(client, password.clone(), tag, userDone ? null : user,
                clientIdDone ? null : clientId, user, clientId);
        try {
            pool.execute(v);
        } catch (RejectedExecutionException e) { // stopping
            waiting.decrementAndGet();
            return AuthResult.deny(ConnectReason.SERVER_UNAVAILABLE);
        }
        return v.result;
    }

    /** Verifications remembered now (for tests and diagnostics). */
    int cached() {
        return cache.size();
    }

    private static boolean verifiable(Entry e) {
        return e == null || e.verifiable();
    }

    private CompletionStage<AuthResult> allowed(Entry user, Entry clientId) {
        metrics.increment(ALLOWED, 1);
        boolean superuser = (user != null && user.superuser()) || (clientId != null && clientId.superuser());
        return superuser ? AuthResult.allowSuperuser() : AuthResult.allow();
    }

    private CompletionStage<AuthResult> denied(ClientInfo client, String why) {
        metrics.increment(DENIED, 1);
        LOG.debug("Refused client {} (user name {}, from {}): {}", client.clientId(), client.username(),
                client.peerHost(), why);
        return AuthResult.deny();
    }

    private synchronized void resize(int threads) {
        if (threads == pool.getMaximumPoolSize()) {
            return;
        }
        if (threads > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(threads);
            pool.setCorePoolSize(threads);
        } else {
            pool.setCorePoolSize(threads);
            pool.setMaximumPoolSize(threads);
        }
    }

    /** One CONNECT's PBKDF2 work, on the pool; completes {@link #result} from there. */
    private final class Verification implements Runnable {
        final CompletableFuture<AuthResult> result = new CompletableFuture<>();
        private final ClientInfo client;
        private final byte[] password;
        private final byte[] tag;
        private final List<Entry> toVerify;
        private final Entry user;
        private final Entry clientId;

        Verification(ClientInfo client, byte[] password, byte[] tag, Entry verifyUser, Entry verifyClientId,
                     Entry user, Entry clientId) {
            this.client = client;
            this.password = password;
            this.tag = tag;
            this.toVerify = Arrays.asList(verifyUser, verifyClientId);
            this.user = user;
            this.clientId = clientId;
        }

        @Override
        public void run() {
            try {
                for (Entry e : toVerify) {
                    if (e != null && !e.hash().matches(password)) {
                        result.complete(denied(client, "wrong password for " + e.kind().label() + " " + e.name())
                                .toCompletableFuture().join());
                        return;
                    }
                }
                AuthFileSettings s = store.settings();
                long now = System.nanoTime();
                for (Entry e : toVerify) {
                    if (tag != null) {
                        cache.put(e, tag, now, s.cacheTtl().toNanos(), s.cacheMaxSize());
                    }
                }
                result.complete(allowed(user, clientId).toCompletableFuture().join());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            } finally {
                Arrays.fill(password, (byte) 0);
                waiting.decrementAndGet();
            }
        }
    }
}
