package io.osprey.plugin.authfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.osprey.api.ConnectReason;
import io.osprey.api.hook.AuthResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authenticator's threading, cache and back-pressure, with the API types implemented plainly (no broker). */
class FileAuthenticatorTest {

    /** Enough PBKDF2 work (tens of ms) that a verification is still running when the call returns. */
    static final String SLOW = "100000";

    @TempDir
    Path home;
    private PasswordStore store;
    private FileAuthenticator auth;
    private final Fakes.Metrics metrics = new Fakes.Metrics();

    private void start(String... config) throws Exception {
        Map<String, Object> c = new HashMap<>();
        c.put("check_interval", "0");
        for (int i = 0; i < config.length; i += 2) {
            c.put(config[i], config[i + 1]);
        }
        store = new PasswordStore(c, home);
        auth = new FileAuthenticator(store, metrics);
        new UsersCommand(store).execute(List.of("add", "alice", "wonderland"));
        new UsersCommand(store).execute(List.of("add", "root", "toor", "--superuser"));
    }

    @AfterEach
    void stop() {
        if (auth != null) {
            auth.deactivate();
            store.deactivate();
        }
    }

    private CompletableFuture<AuthResult> authenticate(String clientId, String username, String password) {
        return auth.authenticate(Fakes.connect(clientId, username, password)).toCompletableFuture();
    }

    @Test
    @DisplayName("PBKDF2 runs on the plugin's verify thread: the hook returns at once and completes from there")
    void verification_runsOnThePluginPool_notOnTheCallingThread() throws Exception {
        start("hash_iterations", SLOW);
        CompletableFuture<AuthResult> f = authenticate("c", "alice", "wonderland");
        assertThat(f).isNotDone();
        CompletableFuture<String> thread = f.thenApply(r -> Thread.currentThread().getName());
        assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("osprey-auth-file-verify-");
        assertThat(f.get().decision()).isEqualTo(AuthResult.Decision.ALLOW);
        assertThat(f.get().isSuperuser()).isFalse();
        assertThat(authenticate("c", "root", "toor").get(10, TimeUnit.SECONDS).isSuperuser()).isTrue();
    }

    @Test
    @DisplayName("a verified password is remembered: the same password again is answered at once; another is verified")
    void cachedVerification_isAnsweredAtOnce_otherPasswordsAreVerified() throws Exception {
        start("hash_iterations", SLOW);
        assertThat(authenticate("c", "alice", "wonderland").get(10, TimeUnit.SECONDS).decision())
                .isEqualTo(AuthResult.Decision.ALLOW);
        CompletableFuture<AuthResult> again = authenticate("c2", "alice", "wonderland");
        assertThat(again).isCompleted();
        assertThat(again.join().decision()).isEqualTo(AuthResult.Decision.ALLOW);
        assertThat(metrics.value(FileAuthenticator.CACHE_HITS)).isEqualTo(1);

        CompletableFuture<AuthResult> wrong = authenticate("c3", "alice", "wonderlant");
        assertThat(wrong).isNotDone();
        assertThat(wrong.get(10, TimeUnit.SECONDS).decision()).isEqualTo(AuthResult.Decision.DENY);
        assertThat(auth.cached()).isEqualTo(1);
    }

    @Test
    @DisplayName("cache_ttl = 0: nothing is remembered")
    void cacheOff_everyConnectIsVerified() throws Exception {
        start("cache_ttl", "0");
        authenticate("c", "alice", "wonderland").get(10, TimeUnit.SECONDS);
        authenticate("c", "alice", "wonderland").get(10, TimeUnit.SECONDS);
        assertThat(metrics.value(FileAuthenticator.CACHE_HITS)).isZero();
        assertThat(auth.cached()).isZero();
    }

    @Test
    @DisplayName("more CONNECTs waiting than verify_queue_len: the excess is refused at once as server busy")
    void fullQueue_refusesTheExcessAsServerBusy() throws Exception {
        start("hash_iterations", SLOW, "verify_threads", "1", "verify_queue_len", "1", "cache_ttl", "0");
        List<CompletableFuture<AuthResult>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(authenticate("c" + i, "alice", "wonderland"));
        }
        assertThat(all.get(2)).isCompleted();
        assertThat(all.get(2).join().denyReason()).isEqualTo(ConnectReason.SERVER_BUSY);
        assertThat(all.get(3).join().denyReason()).isEqualTo(ConnectReason.SERVER_BUSY);
        assertThat(all.get(0).get(10, TimeUnit.SECONDS).decision()).isEqualTo(AuthResult.Decision.ALLOW);
        assertThat(all.get(1).get(10, TimeUnit.SECONDS).decision()).isEqualTo(AuthResult.Decision.ALLOW);
        assertThat(metrics.value(FileAuthenticator.BUSY)).isEqualTo(2);
        assertThat(authenticate("c9", "alice", "wonderland").get(10, TimeUnit.SECONDS).decision())
                .as("room again").isEqualTo(AuthResult.Decision.ALLOW);
    }

    @Test
    @DisplayName("the plugin stopping with verifications queued: they are refused (server unavailable), never let in")
    void deactivate_refusesQueuedVerifications() throws Exception {
        start("hash_iterations", SLOW, "verify_threads", "1", "cache_ttl", "0");
        CompletableFuture<AuthResult> running = authenticate("c1", "alice", "wonderland");
        CompletableFuture<AuthResult> queued = authenticate("c2", "alice", "wonderland");
        auth.deactivate();
        assertThat(queued.get(10, TimeUnit.SECONDS).denyReason()).isEqualTo(ConnectReason.SERVER_UNAVAILABLE);
        assertThat(running.get(10, TimeUnit.SECONDS).decision()).isNotNull();
    }

    @Test
    @DisplayName("unknown names are ignored at once; a known name without a password is denied at once")
    void unknownIgnored_missingPasswordDenied_withoutHashing() throws Exception {
        start();
        CompletableFuture<AuthResult> unknown = authenticate("c", "mallory", "x");
        assertThat(unknown).isCompleted();
        assertThat(unknown.join().decision()).isEqualTo(AuthResult.Decision.IGNORE);
        CompletableFuture<AuthResult> noPassword = authenticate("c", "alice", null);
        assertThat(noPassword).isCompleted();
        assertThat(noPassword.join().decision()).isEqualTo(AuthResult.Decision.DENY);
        assertThat(noPassword.join().denyReason()).isEqualTo(ConnectReason.BAD_USERNAME_OR_PASSWORD);
    }

    @Test
    @DisplayName("a $locked entry reserves its name: every CONNECT claiming it is refused until a password is set")
    void lockedEntry_refusesEveryone_untilAPasswordIsSet() throws Exception {
        start();
        java.nio.file.Files.writeString(store.settings().passwordFile(),
                java.nio.file.Files.readString(store.settings().passwordFile()) + "dashboard:$locked\n");
        store.check();
        assertThat(authenticate("c", "dashboard", null).get(10, TimeUnit.SECONDS).decision())
                .isEqualTo(AuthResult.Decision.DENY);
        assertThat(authenticate("c", "dashboard", "$locked").get(10, TimeUnit.SECONDS).decision())
                .isEqualTo(AuthResult.Decision.DENY);
        assertThat(authenticate("c", "dashboard", "anything").get(10, TimeUnit.SECONDS).decision())
                .isEqualTo(AuthResult.Decision.DENY);
        assertThat(new UsersCommand(store).execute(List.of("list")).text()).contains("dashboard").contains("locked");
        new UsersCommand(store).execute(List.of("superuser", "dashboard", "on"));
        assertThat(java.nio.file.Files.readString(store.settings().passwordFile()))
                .contains("dashboard:$locked:superuser");
        new UsersCommand(store).execute(List.of("passwd", "dashboard", "s3cret"));
        assertThat(authenticate("c", "dashboard", "s3cret").get(10, TimeUnit.SECONDS).decision())
                .isEqualTo(AuthResult.Decision.ALLOW);
    }
}
