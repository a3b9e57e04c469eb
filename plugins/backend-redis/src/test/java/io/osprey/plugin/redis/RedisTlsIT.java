package io.osprey.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.osprey.backend.testing.ServerProcesses;
import io.osprey.testkit.TestClients;
import io.osprey.testkit.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and a password to Redis ({@code ssl}, {@code ssl.verify}, {@code ssl.cacertfile}, {@code password}) against a
 * private {@code redis-server} that listens with TLS only, with a certificate for 127.0.0.1: the plugin authenticates
 * a user from it when TLS is set up right, and cannot when it is plain, or when the CA did not sign the server's
 * certificate.
 */
class RedisTlsIT {

    static final String PASSWORD = "tls-secret";
    @TempDir
    static Path setupHome;
    static Path pki;
    static TestPki.Identity server;
    static TestPki.Identity stranger;
    static RedisServer redis;

    @TempDir
    Path home;
    RedisNode node;
    TestClients clients;

    @BeforeAll
    static void start() throws Exception {
        pki = Files.createTempDirectory("osprey-redis-pki-");
        server = TestPki.selfSigned(pki, "redis");
        stranger = TestPki.selfSigned(pki, "stranger");
        redis = new RedisServer(List.of("--tls-port", "0", "--tls-cert-file", server.certPem().toString(),
                "--tls-key-file", server.keyPem().toString(), "--tls-ca-cert-file", server.certPem().toString(),
                "--tls-auth-clients", "no", "--requirepass", PASSWORD));
        redis.start();
        // the user, written through the plugin's own TLS connection
        try (RedisNode setup = new RedisNode(setupHome, Map.of(),
                settings("ssl", "on", "ssl.verify", "verify_none", "hook.client.connected.1",
                        "{\"action\": {\"commands\": [\"HSET mqtt_user:alice password public\"]}}"))) {
            TestClients c = new TestClients(setup.uri());
            c.v3("setup");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> setup.backend().writer().written() >= 1);
            c.close();
        }
    }

    @AfterAll
    static void stopAll() {
        if (redis != null) {
            redis.close();
        }
        ServerProcesses.deleteTree(pki);
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static Map<String, String> settings(String... kv) {
        Map<String, String> p = new HashMap<>(Map.of("server", "127.0.0.1:" + redis.port(), "password", PASSWORD,
                "auth_cmd", "HMGET mqtt_user:%u password", "password_hash", "plain", "connect_timeout", "2s"));
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    private void start(String... kv) throws Exception {
        node = new RedisNode(home, Map.of("allow_anonymous", "false"), settings(kv));
        clients = new TestClients(node.uri());
    }

    @Test
    @DisplayName("ssl = on, verify_peer with the server's CA, and the password: users are read over TLS")
    void verifiedTls_withPassword_works() throws Exception {
        start("ssl", "on", "ssl.verify", "verify_peer", "ssl.cacertfile", server.certPem().toString());
        assertThat(clients.connackV3("c1", "alice", "public")).isZero();
        assertThat(clients.connackV3("c2", "alice", "wrong")).isEqualTo(4);
    }

    @Test
    @DisplayName("ssl = on, verify_none: encrypted without checking the certificate")
    void unverifiedTls_works() throws Exception {
        start("ssl", "on", "ssl.verify", "verify_none");
        assertThat(clients.connackV3("c3", "alice", "public")).isZero();
    }

    @Test
    @DisplayName("a wrong password, plain text to a TLS port, or a CA that did not sign the certificate: nobody is authenticated")
    void wrongPasswordPlainTextOrWrongCa_authenticateNobody() throws Exception {
        start("ssl", "on", "ssl.verify", "verify_none", "password", "wrong");
        assertThat(clients.connackV3("c4", "alice", "public")).isNotZero();
        node.close();
        start("ssl", "off");
        assertThat(clients.connackV3("c5", "alice", "public")).isNotZero();
        node.close();
        start("ssl", "on", "ssl.verify", "verify_peer", "ssl.cacertfile", stranger.certPem().toString());
        assertThat(clients.connackV3("c6", "alice", "public")).isNotZero();
        assertThat(node.backend().authenticator().unavailableCount()).isPositive();
    }
}
