package io.osprey.plugin.pgsql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * TLS to PostgreSQL ({@code ssl}, {@code ssl.verify}, {@code ssl.cacertfile}) against a private cluster with
 * {@code ssl = on} and a certificate for 127.0.0.1. The plugin's auth_query only finds the user when its own
 * connection is encrypted ({@code pg_stat_ssl}), so a successful CONNECT proves TLS; a plain connection, and TLS with
 * a CA that did not sign the server's certificate, must fail.
 */
class PgsqlTlsIT {

    static final String AUTH_QUERY = "select password from mqtt_user where username = ${username} "
            + "and (select ssl from pg_stat_ssl where pid = pg_backend_pid()) limit 1";

    @TempDir
    static Path setupHome;
    @TempDir
    Path home;
    static Path pki;
    static PostgresServer db;
    static TestPki.Identity server;
    static TestPki.Identity stranger;
    PgsqlNode node;
    TestClients clients;

    @BeforeAll
    static void startServer() throws Exception {
        pki = Files.createTempDirectory("osprey-pg-pki-");
        server = TestPki.selfSigned(pki, "postgres");
        stranger = TestPki.selfSigned(pki, "stranger");
        Files.setPosixFilePermissions(server.keyPem(), PosixFilePermissions.fromString("rw-------"));
        ServerProcesses.chown(PostgresServer.OS_USER, pki);
        Files.setPosixFilePermissions(pki, PosixFilePermissions.fromString("rwxr-xr-x"));
        db = new PostgresServer(List.of("ssl=on", "ssl_cert_file=" + server.certPem(),
                "ssl_key_file=" + server.keyPem()));
        db.start();
        try (PgsqlNode setup = new PgsqlNode(setupHome, db, Map.of(), Map.of("auth_query", AUTH_QUERY))) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> db.count(
                    "select count(*) from information_schema.tables where table_name = 'mqtt_user'") == 1);
        }
        db.execute("insert into mqtt_user(username, password) values ('alice', 'public')");
    }

    @AfterAll
    static void stopServer() {
        if (db != null) {
            db.close();
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

    private void start(String... ssl) throws Exception {
        Map<String, String> p = new HashMap<>(Map.of("auth_query", AUTH_QUERY, "password_hash", "plain",
                "connect_timeout", "2s"));
        for (int i = 0; i < ssl.length; i += 2) {
            p.put(ssl[i], ssl[i + 1]);
        }
        node = new PgsqlNode(home, db, Map.of("allow_anonymous", "false"), p);
        clients = new TestClients(node.uri());
    }

    @Test
    @DisplayName("ssl = on, verify_peer with the server's CA: the plugin's queries run over TLS")
    void verifiedTls_queriesWork() throws Exception {
        start("ssl", "on", "ssl.verify", "verify_peer", "ssl.cacertfile", server.certPem().toString());
        assertThat(clients.connackV3("c1", "alice", "public")).isZero();
        assertThat(clients.connackV3("c2", "alice", "wrong")).isEqualTo(4);
    }

    @Test
    @DisplayName("ssl = on, verify_none: encrypted without checking the certificate")
    void unverifiedTls_queriesWork() throws Exception {
        start("ssl", "on", "ssl.verify", "verify_none");
        assertThat(clients.connackV3("c3", "alice", "public")).isZero();
    }

    @Test
    @DisplayName("ssl = off: the connection is plain, so the TLS-only query finds nobody")
    void plainConnection_isNotEncrypted() throws Exception {
        start("ssl", "off");
        assertThat(clients.connackV3("c4", "alice", "public")).isNotZero();
        assertThat(node.backend().authenticator().ignored()).isOne();
    }

    @Test
    @DisplayName("verify_peer with a CA that did not sign the server's certificate: no connection, nobody authenticated")
    void wrongCa_isRefused() throws Exception {
        start("ssl", "on", "ssl.verify", "verify_peer", "ssl.cacertfile", stranger.certPem().toString());
        assertThat(clients.connackV3("c5", "alice", "public")).isNotZero();
        assertThat(node.backend().authenticator().unavailableCount()).isPositive();
    }
}
