package io.osprey.plugin.pgsql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Authentication and ACL in the shape of EMQX's emqx_auth_pgsql, against mqtt_user and mqtt_acl in a real
 * PostgreSQL cluster, with real clients: each password hash (stored values computed by PostgreSQL's own md5() and
 * sha256()/sha512(), the JDK and a bcrypt library), superusers from a boolean column, ACL rows, placeholders as one
 * literal topic level, and SQL injection through the user name.
 */
class PgsqlAuthIT {

    @RegisterExtension
    static final PostgresServer DB = PostgresServer.shared();

    static final int BAD_CREDENTIALS = 4; // MQTT 3.1.1 CONNACK
    static final String AUTH_QUERY = "select password, salt from mqtt_user where username = ${username} limit 1";
    static final String SUPER_QUERY = "select is_superuser from mqtt_user where username = ${username} limit 1";
    static final String ACL_QUERY = "select allow, ipaddr, username, clientid, access, topic from mqtt_acl where "
            + "ipaddr = ${peerhost} or username = ${username} or username = '$all' or clientid = ${clientid} order by id";

    @TempDir
    static Path setupHome;
    @TempDir
    Path home;
    PgsqlNode node;
    TestClients clients;

    @BeforeAll
    static void tables() throws Exception {
        // the plugin creates them when auth_query is set; made here so that rows can go in first
        try (PgsqlNode setup = new PgsqlNode(setupHome, DB, Map.of(), Map.of("auth_query", AUTH_QUERY))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from "
                    + "information_schema.tables where table_name in ('mqtt_user', 'mqtt_acl')") == 2);
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
        DB.execute("delete from mqtt_user");
        DB.execute("delete from mqtt_acl");
    }

    private void start(String... plugin) throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("auth_query", AUTH_QUERY);
        for (int i = 0; i < plugin.length; i += 2) {
            p.put(plugin[i], plugin[i + 1]);
        }
        node = new PgsqlNode(home, DB, Map.of("allow_anonymous", "false", "acl_deny_action", "ignore"), p);
        clients = new TestClients(node.uri());
    }

    @ParameterizedTest(name = "password_hash = {0}")
    @CsvSource(delimiter = '|', value = {
            "plain          | ''    | PLAIN",
            "md5            | ''    | md5('public')",
            "sha            | ''    | SHA1",
            "sha256         | ''    | encode(sha256('public'::bytea), 'hex')",
            "sha512         | ''    | encode(sha512('public'::bytea), 'hex')",
            "salt,sha256    | 'ab1' | encode(sha256('ab1public'::bytea), 'hex')",
            "sha256,salt    | 'ab1' | encode(sha256('publicab1'::bytea), 'hex')",
            "salt,md5       | 'x9'  | md5('x9public')",
            "bcrypt         | ''    | BCRYPT",
            "pbkdf2,sha256,1000,20 | 'nacl' | PBKDF2",
    })
    @DisplayName("each password_hash: the right password connects, a wrong one gets 'bad user name or password'")
    void eachPasswordHash_rightPasswordConnects_wrongOneIsRefused(String hash, String salt, String storedSql)
            throws Exception {
        String stored = switch (storedSql) {
            case "PLAIN" -> "public";
            case "SHA1" -> HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest("public".getBytes(StandardCharsets.UTF_8)));
            case "BCRYPT" -> new String(BCrypt.withDefaults().hash(6, "public".toCharArray()), StandardCharsets.UTF_8);
            case "PBKDF2" -> HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec("public".toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
                            1000, 160)).getEncoded());
            default -> (String) DB.rows("select " + storedSql + " as p").get(0).get("p");
        };
        DB.execute("insert into mqtt_user(username, password, salt) values ('alice', ?, ?)", stored,
                salt.isEmpty() ? null : salt);
        start("password_hash", hash);
        assertThat(clients.connackV3("c1", "alice", "public")).isZero();
        assertThat(clients.connackV3("c2", "alice", "Public")).isEqualTo(BAD_CREDENTIALS);
        assertThat(clients.connackV3("c3", "alice", "")).isEqualTo(BAD_CREDENTIALS);
        assertThat(clients.connackV3("c4", "nobody", "public")).as("not this plugin's user: allow_anonymous decides")
                .isNotZero();
        assertThat(node.backend().authenticator().success()).isEqualTo(1);
        assertThat(node.backend().authenticator().failure()).isEqualTo(2);
        assertThat(node.backend().authenticator().ignored()).isEqualTo(1);
    }

    @Test
    @DisplayName("EMQX's auth_query with '%u' is bound as a parameter; SQL injection through the user name authenticates nobody")
    void emqxPlaceholder_isBound_andInjectionAuthenticatesNobody() throws Exception {
        DB.execute("insert into mqtt_user(username, password) values ('admin', encode(sha256('right'::bytea), 'hex'))");
        start("auth_query", "select password from mqtt_user where username = '%u' limit 1");
        assertThat(clients.connackV3("i1", "' OR '1'='1", "x")).isNotZero();
        assertThat(clients.connackV3("i2", "admin' -- ", "x")).isNotZero();
        assertThat(clients.connackV3("i3", "x' UNION SELECT encode(sha256('x'::bytea), 'hex') -- ", "x")).isNotZero();
        assertThat(clients.connackV3("i4", "admin'; DELETE FROM mqtt_user; --", "x")).isNotZero();
        assertThat(node.backend().authenticator().success()).isZero();
        assertThat(DB.count("select count(*) from mqtt_user")).isEqualTo(1);
        assertThat(clients.connackV3("ok", "admin", "right")).isZero();
    }

    @Test
    @DisplayName("acl_query rows with EMQX semantics; is_superuser (a boolean) skips them; %c is one literal level")
    void aclRows_decideWithEmqxSemantics() throws Exception {
        String pw = "encode(sha256('pw'::bytea), 'hex')";
        DB.execute("insert into mqtt_user(username, password, is_superuser) values "
                + "('alice', " + pw + ", false), ('root', " + pw + ", true), ('dev', " + pw + ", false)");
        DB.execute("insert into mqtt_acl(allow, ipaddr, username, clientid, access, topic) values "
                + "(1, null, 'alice', null, 3, 'users/%u/#'),"
                + "(1, null, 'dev', null, 2, 'devices/%c/up'),"
                + "(1, '127.0.0.1', null, null, 1, 'public/#'),"
                + "(0, null, '$all', null, 3, '#')");
        start("super_query", SUPER_QUERY, "acl_query", ACL_QUERY, "password_hash", "sha256");
        var root = clients.v3("root-watch", "root", "pw", true);
        root.paho.subscribe("#", 1);
        var alice = clients.v3("alice-1", "alice", "pw", true);
        var dev = clients.v3("dev-7", "dev", "pw", true);
        var plus = clients.v3("+", "dev", "pw", true); // a client id that is a wildcard

        alice.publish("users/alice/note", "mine", 1, false);
        alice.publish("users/bob/note", "not-mine", 1, false);
        dev.publish("devices/dev-7/up", "ok", 1, false);
        dev.publish("devices/dev-8/up", "spoofed", 1, false);
        plus.publish("devices/dev-7/up", "widened", 1, false);
        alice.publish("users/alice/done", "end", 1, false);
        StringBuilder got = new StringBuilder();
        for (String m = root.next(5); m != null && !m.equals("users/alice/done end"); m = root.next(5)) {
            got.append(m).append('|');
        }
        assertThat(got.toString()).isEqualTo("users/alice/note mine|devices/dev-7/up ok|");
        assertThat(alice.paho.subscribeWithResponse("public/news", 1).getGrantedQos()[0]).isEqualTo(1);
        assertThat(alice.paho.subscribeWithResponse("users/alice/#", 1).getGrantedQos()[0]).isEqualTo(1);
        assertThat(alice.paho.subscribeWithResponse("users/+/x", 1).getGrantedQos()[0]).isEqualTo(0x80);
        assertThat(node.backend().acl().counters().get("deny")).isPositive();
    }
}
