package io.osprey.plugin.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.osprey.testkit.TestClients;
import io.osprey.testkit.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to MySQL ({@code ssl}, {@code ssl.verify}, {@code ssl.cacertfile}) against a private MariaDB server with a
 * certificate for 127.0.0.1. The plugin logs in as a user created {@code REQUIRE SSL}, so a query that works proves
 * the connection is encrypted; the same user without TLS, and TLS with a CA that did not sign the server's
 * certificate, must both fail.
 */
class MysqlTlsIT {

    static final String AUTH_QUERY = "select password, salt from mqtt_user where username = ${username} limit 1";
    static final String TLS_USER = "osprey_tls";
    static final String TLS_PASSWORD = "tls-secret";

    @TempDir
    static Path pki;
    @TempDir
    static Path setupHome;
    @TempDir
    Path home;
    static MariaDbServer db;
    static TestPki.Identity server;
    static TestPki.Identity stranger;
    MysqlBroker node;
    TestClients clients;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestPki.selfSigned(pki, "mariadb");
        stranger = TestPki.selfSigned(pki, "stranger");
        db = new MariaDbServer(List.of("--ssl-cert=" + server.certPem(), "--ssl-key=" + server.keyPem(),
                "--ssl-ca=" + server.certPem()));
        db.start();
        db.execute("CREATE USER '" + TLS_USER + "'@'127.0.0.1' IDENTIFIED BY '" + TLS_PASSWORD + "' REQUIRE SSL");
        db.execute("GRANT ALL ON " + MariaDbServer.DATABASE + ".* TO '" + TLS_USER + "'@'127.0.0.1'");
        // the tables, made by the plugin over a plain connection as the ordinary user
        try (MysqlBroker setup = new MysqlBroker(setupHome, db, Map.of(), Map.of("auth_query", AUTH_QUERY))) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> db.count(
                    "select count(*) from information_schema.tables where table_schema = 'mqtt' "
                            + "and table_name = 'mqtt_user'") == 1);
        }
        db.execute("insert into mqtt_user(username, password) values ('alice', 'public')");
    }

    @AfterAll
    static void stopServer() {
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private void start(String... ssl) throws Exception {
        Map<String, String> p = new java.util.HashMap<>(Map.of("auth_query", AUTH_QUERY, "password_hash", "plain",
                "user", TLS_USER, "password", TLS_PASSWORD));
        for (int i = 0; i < ssl.length; i += 2) {
            p.put(ssl[i], ssl[i + 1]);
        }
        node = new MysqlBroker(home, db, Map.of("allow_anonymous", "false"), p);
        clients = new TestClients(node.uri());
    }

    @Test
    @DisplayName("ssl = true, verify_peer with the server's CA: the plugin's queries run over TLS")
    void verifiedTls_queriesWork() throws Exception {
        start("ssl", "true", "ssl.verify", "verify_peer", "ssl.cacertfile", server.certPem().toString());
        assertThat(clients.connackV3("c1", "alice", "public")).isZero();
        assertThat(clients.connackV3("c2", "alice", "wrong")).isEqualTo(4); // bad user name or password
    }

    @Test
    @DisplayName("ssl = true, verify_none: encrypted without checking the certificate")
    void unverifiedTls_queriesWork() throws Exception {
        start("ssl", "true", "ssl.verify", "verify_none");
        assertThat(clients.connackV3("c3", "alice", "public")).isZero();
    }

    @Test
    @DisplayName("without TLS the REQUIRE SSL user is refused by the server, so nobody is authenticated")
    void plainConnection_isRefusedByTheServer() throws Exception {
        start("ssl", "false");
        assertThat(clients.connackV3("c4", "alice", "public")).isNotZero();
    }

    @Test
    @DisplayName("verify_peer with a CA that did not sign the server's certificate: no connection, nobody authenticated")
    void wrongCa_isRefused() throws Exception {
        start("ssl", "true", "ssl.verify", "verify_peer", "ssl.cacertfile", stranger.certPem().toString());
        assertThat(clients.connackV3("c5", "alice", "public")).isNotZero();
    }
}
