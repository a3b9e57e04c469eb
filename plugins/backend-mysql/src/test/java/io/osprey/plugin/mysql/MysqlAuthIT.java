package io.osprey.plugin.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * Authentication and ACL from EMQX's mqtt_user and mqtt_acl tables in a real MariaDB, with real clients: each
 * password hash (stored values computed by MariaDB's own functions, the JDK's PBKDF2 and a bcrypt library),
 * superusers, ACL rows with EMQX's semantics, and SQL injection through the user name.
 */
class MysqlAuthIT {

    @RegisterExtension
    static final MariaDbServer DB = MariaDbServer.shared();

    static final int BAD_CREDENTIALS = 4; // MQTT 3.1.1 CONNACK
    static final int NOT_AUTHORIZED = 5;
    static final String AUTH_QUERY = "select password, salt from mqtt_user where username = ${username} limit 1";
    static final String SUPER_QUERY = "select is_superuser from mqtt_user where username = ${username} limit 1";
    static final String ACL_QUERY = "select allow, ipaddr, username, clientid, access, topic from mqtt_acl where "
            + "ipaddr = ${peerhost} or username = ${username} or username = '$all' or clientid = ${clientid} order by id";

    @TempDir
    static Path setupHome;
    @TempDir
    Path home;
    MysqlBroker node;
    TestClients clients;

    @BeforeAll
    static void tables() throws Exception {
        // the plugin creates them when auth_query is set; created here so the rows can go in first
        MysqlBroker setup = new MysqlBroker(setupHome, DB,
                Map.of("store", "memory"), Map.of("auth_query", AUTH_QUERY));
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from information_schema.tables "
                + "where table_schema = 'mqtt' and table_name in ('mqtt_user', 'mqtt_acl')") == 2);
        setup.close();
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
        Map<String, String> p = new java.util.HashMap<>();
        p.put("auth_query", AUTH_QUERY);
        for (int i = 0; i < plugin.length; i += 2) {
            p.put(plugin[i], plugin[i + 1]);
        }
        node = new MysqlBroker(home, DB, Map.of("allow_anonymous", "false", "acl_deny_action", "ignore"), p);
        clients = new TestClients(node.uri());
    }

    @ParameterizedTest(name = "password_hash = {0}")
    @CsvSource(delimiter = '|', value = {
            "plain          | ''    | PLAIN",
            "md5            | ''    | md5('public')",
            "sha            | ''    | sha1('public')",
            "sha256         | ''    | sha2('public', 256)",
            "sha512         | ''    | sha2('public', 512)",
            "salt,sha256    | 'ab1' | sha2(concat('ab1', 'public'), 256)",
            "sha256,salt    | 'ab1' | sha2(concat('public', 'ab1'), 256)",
            "salt,md5       | 'x9'  | md5(concat('x9', 'public'))",
            "bcrypt         | ''    | BCRYPT",
            "pbkdf2,sha256,1000,20 | 'nacl' | PBKDF2",
    })
    @DisplayName("each password_hash: the right password connects, a wrong one gets 'bad user name or password'")
    void eachPasswordHash_rightPasswordConnects_wrongOneIsRefused(String hash, String salt, String storedSql)
            throws Exception {
        String stored = switch (storedSql) {
            case "PLAIN" -> "public";
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
        // a user MySQL does not know: not this plugin's to decide; allow_anonymous = false refuses
        assertThat(clients.connackV3("c4", "nobody", "public")).isNotZero();
        assertThat(node.backend.authenticator().success()).isEqualTo(1);
        assertThat(node.backend.authenticator().failure()).isEqualTo(2);
        assertThat(node.backend.authenticator().ignored()).isEqualTo(1);
    }

    @Test
    @DisplayName("EMQX's '%u' placeholder in auth_query is bound as a parameter too")
    void emqxStylePlaceholder_isBound() throws Exception {
        DB.execute("insert into mqtt_user(username, password) values ('bob', sha2('pw', 256))");
        start("auth_query", "select password from mqtt_user where username = '%u' limit 1");
        assertThat(clients.connackV3("b", "bob", "pw")).isZero();
        assertThat(clients.connackV3("b", "bob", "nope")).isEqualTo(BAD_CREDENTIALS);
    }

    @Test
    @DisplayName("SQL injection through the user name authenticates nobody")
    void sqlInjectionThroughTheUserName_authenticatesNobody() throws Exception {
        DB.execute("insert into mqtt_user(username, password) values ('admin', sha2('right', 256))");
        start("password_hash", "sha256");
        assertThat(clients.connackV3("i1", "' OR '1'='1", "x")).isNotZero();
        assertThat(clients.connackV3("i2", "admin' -- ", "x")).isNotZero();
        assertThat(clients.connackV3("i3", "x' UNION SELECT sha2('x', 256), null -- ", "x")).isNotZero();
        assertThat(clients.connackV3("i4", "admin'; DELETE FROM mqtt_user; --", "x")).isNotZero();
        assertThat(node.backend.authenticator().success()).isZero();
        assertThat(DB.count("select count(*) from mqtt_user")).isEqualTo(1);
        assertThat(clients.connackV3("ok", "admin", "right")).isZero();
    }

    @Test
    @DisplayName("acl_query rows with EMQX semantics: who (user, client, address, $all), access, %u/%c, eq, first match")
    void aclRows_decideWithEmqxSemantics() throws Exception {
        DB.execute("insert into mqtt_user(username, password, is_superuser) values "
                + "('alice', sha2('pw', 256), 0), ('root', sha2('pw', 256), 1), ('dev', sha2('pw', 256), 0)");
        DB.execute("insert into mqtt_acl(allow, ipaddr, username, clientid, access, topic) values "
                + "(1, null, 'alice', null, 3, 'users/%u/#'),"
                + "(1, null, null, 'dev-7', 2, 'devices/%c/up'),"
                + "(1, '127.0.0.1', null, null, 1, 'public/#'),"
                + "(1, null, 'alice', null, 1, 'eq shared/#'),"
                + "(0, null, '$all', null, 3, '#')");
        start("super_query", SUPER_QUERY, "acl_query", ACL_QUERY, "password_hash", "sha256");
        var root = clients.v3("root-watch", "root", "pw", true);
        root.paho.subscribe("#", 1); // a superuser: not asked about
        var alice = clients.v3("alice-1", "alice", "pw", true);
        var dev = clients.v3("dev-7", "dev", "pw", true);

        alice.publish("users/alice/note", "mine", 1, false);
        alice.publish("users/bob/note", "not-mine", 1, false);
        dev.publish("devices/dev-7/up", "ok", 1, false);
        dev.publish("devices/dev-8/up", "spoofed", 1, false);
        dev.publish("users/alice/note", "from-dev", 1, false);
        alice.publish("users/alice/done", "end", 1, false);
        StringBuilder got = new StringBuilder();
        for (String m = root.next(5); m != null && !m.equals("users/alice/done end"); m = root.next(5)) {
            got.append(m).append('|');
        }
        assertThat(got.toString()).isEqualTo("users/alice/note mine|devices/dev-7/up ok|");

        assertThat(alice.paho.subscribeWithResponse("public/news", 1).getGrantedQos()[0]).isEqualTo(1);
        assertThat(alice.paho.subscribeWithResponse("shared/#", 1).getGrantedQos()[0]).isEqualTo(1);
        assertThat(alice.paho.subscribeWithResponse("shared/+", 1).getGrantedQos()[0]).isEqualTo(0x80);
        assertThat(dev.paho.subscribeWithResponse("devices/dev-7/down", 1).getGrantedQos()[0]).isEqualTo(0x80);
        assertThat(node.backend.acl().counters().get("deny")).isPositive();
    }

    @Test
    @DisplayName("%c and %u are one literal level: a client id or user name '+' or '#' gets nothing through them")
    void aclPlaceholders_wildcardIdsAndNamesMatchNothing() throws Exception {
        DB.execute("insert into mqtt_user(username, password, is_superuser) values "
                + "('dev', sha2('pw', 256), 0), ('+', sha2('pw', 256), 0), ('#', sha2('pw', 256), 0)");
        DB.execute("insert into mqtt_acl(allow, ipaddr, username, clientid, access, topic) values "
                + "(1, null, '$all', null, 1, 'devices/%c/#'),"
                + "(1, null, '$all', null, 1, 'users/%u/#'),"
                + "(0, null, '$all', null, 3, '#')");
        start("acl_query", ACL_QUERY, "password_hash", "sha256");
        var device = clients.v3("dev-7", "dev", "pw", true);
        assertThat(device.paho.subscribeWithResponse("devices/dev-7/#", 1).getGrantedQos()[0]).isEqualTo(1);
        var plusId = clients.v3("+", "dev", "pw", true);
        assertThat(plusId.paho.subscribeWithResponse("devices/+/#", 1).getGrantedQos()[0]).isEqualTo(0x80);
        var hashId = clients.v3("#", "dev", "pw", true);
        assertThat(hashId.paho.subscribeWithResponse("devices/#", 1).getGrantedQos()[0]).isEqualTo(0x80);
        var plusUser = clients.v3("u-1", "+", "pw", true);
        assertThat(plusUser.paho.subscribeWithResponse("users/+/#", 1).getGrantedQos()[0]).isEqualTo(0x80);
        var hashUser = clients.v3("u-2", "#", "pw", true);
        assertThat(hashUser.paho.subscribeWithResponse("users/#", 1).getGrantedQos()[0]).isEqualTo(0x80);
    }

    @Test
    @DisplayName("a changed mqtt_acl row applies once acl_query_cache has passed (and the broker's ACL cache is off)")
    void changedAclRows_applyAfterTheCacheTtl() throws Exception {
        DB.execute("insert into mqtt_user(username, password) values ('carol', sha2('pw', 256))");
        DB.execute("insert into mqtt_acl(allow, username, access, topic) values (0, 'carol', 1, 'a/#')");
        node = new MysqlBroker(home, DB, Map.of("allow_anonymous", "false", "enable_acl_cache", "false"),
                Map.of("auth_query", AUTH_QUERY, "acl_query", ACL_QUERY, "acl_query_cache", "300ms"));
        clients = new TestClients(node.uri());
        var carol = clients.v3("carol-1", "carol", "pw", true);
        assertThat(carol.paho.subscribeWithResponse("a/1", 1).getGrantedQos()[0]).isEqualTo(0x80);
        DB.execute("update mqtt_acl set allow = 1 where username = 'carol'");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                carol.paho.subscribeWithResponse("a/1", 1).getGrantedQos()[0] == 1);
    }
}
