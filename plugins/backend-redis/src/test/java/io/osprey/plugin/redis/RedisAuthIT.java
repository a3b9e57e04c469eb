package io.osprey.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

/**
 * Authentication and ACL in the shape of EMQX's emqx_auth_redis against a real Redis: {@code auth_cmd = HMGET
 * mqtt_user:%u password salt} with each password hash, {@code super_cmd}, {@code acl_cmd = HGETALL mqtt_acl:%u}
 * (topic → 1 subscribe, 2 publish, 3 both), {@code %u}/{@code %c} as one literal topic level, and user names that try
 * to be Redis protocol.
 */
class RedisAuthIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    static final int BAD_CREDENTIALS = 4; // MQTT 3.1.1 CONNACK
    static final String AUTH_CMD = "HMGET mqtt_user:%u password salt";

    @TempDir
    Path home;
    RedisNode node;
    TestClients clients;
    Jedis jedis;

    @BeforeEach
    void flush() {
        jedis = REDIS.jedis();
        jedis.flushAll();
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
        jedis.close();
    }

    private void start(String... plugin) throws Exception {
        Map<String, String> p = new HashMap<>(Map.of("auth_cmd", AUTH_CMD));
        for (int i = 0; i < plugin.length; i += 2) {
            p.put(plugin[i], plugin[i + 1]);
        }
        // a Redis ACL hash lists what is allowed: what it does not list is denied by acl_nomatch
        node = new RedisNode(home, Map.of("allow_anonymous", "false", "acl_deny_action", "ignore",
                "acl_nomatch", "deny"), RedisNode.single(REDIS, p));
        clients = new TestClients(node.uri());
    }

    static String hex(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "password_hash = {0}")
    @CsvSource(delimiter = '|', value = {
            "plain          | ''    ",
            "md5            | ''    ",
            "sha            | ''    ",
            "sha256         | ''    ",
            "sha512         | ''    ",
            "salt,sha256    | ab1   ",
            "sha256,salt    | ab1   ",
            "bcrypt         | ''    ",
            "pbkdf2,sha256,1000,20 | nacl ",
    })
    @DisplayName("each password_hash: the right password connects, a wrong one gets 'bad user name or password'")
    void eachPasswordHash_rightPasswordConnects_wrongOneIsRefused(String hash, String salt) throws Exception {
        String stored = switch (hash) {
            case "plain" -> "public";
            case "md5" -> hex("MD5", "public");
            case "sha" -> hex("SHA-1", "public");
            case "sha256" -> hex("SHA-256", "public");
            case "sha512" -> hex("SHA-512", "public");
            case "salt,sha256" -> hex("SHA-256", salt + "public");
            case "sha256,salt" -> hex("SHA-256", "public" + salt);
            case "bcrypt" -> new String(BCrypt.withDefaults().hash(6, "public".toCharArray()), StandardCharsets.UTF_8);
            default -> HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec("public".toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
                            1000, 160)).getEncoded());
        };
        Map<String, String> user = new HashMap<>(Map.of("password", stored));
        if (!salt.isEmpty()) {
            user.put("salt", salt);
        }
        jedis.hset("mqtt_user:alice", user);
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
    @DisplayName("user names that try to be Redis protocol or other keys authenticate nobody and change nothing")
    void protocolInjectionThroughTheUserName_authenticatesNobody() throws Exception {
        jedis.hset("mqtt_user:admin", Map.of("password", hex("SHA-256", "right")));
        jedis.set("canary", "alive");
        start("password_hash", "sha256");
        assertThat(clients.connackV3("i1", "admin password\r\nFLUSHALL\r\n", "x")).isNotZero();
        assertThat(clients.connackV3("i2", "admin\" \"x", "right")).isNotZero();
        assertThat(clients.connackV3("i3", "*", "right")).isNotZero();
        assertThat(clients.connackV3("i4", "admin ", "right")).isNotZero();
        assertThat(node.backend().authenticator().success()).isZero();
        assertThat(jedis.get("canary")).isEqualTo("alive");
        assertThat(clients.connackV3("ok", "admin", "right")).isZero();
    }

    @Test
    @DisplayName("acl_cmd HGETALL mqtt_acl:%u: topic → access; super_cmd skips it; %u/%c are one literal level")
    void aclHash_allowsWhatItLists() throws Exception {
        for (String u : new String[] {"alice", "root", "dev"}) {
            jedis.hset("mqtt_user:" + u, Map.of("password", hex("SHA-256", "pw")));
        }
        jedis.hset("mqtt_user:root", "is_superuser", "1");
        jedis.hset("mqtt_acl:alice", Map.of("users/%u/#", "3", "public/#", "1"));
        jedis.hset("mqtt_acl:dev", Map.of("devices/%c/up", "2"));
        start("super_cmd", "HGET mqtt_user:%u is_superuser", "acl_cmd", "HGETALL mqtt_acl:%u",
                "password_hash", "sha256");
        var root = clients.v3("root-watch", "root", "pw", true);
        root.paho.subscribe("#", 1);
        var alice = clients.v3("alice-1", "alice", "pw", true);
        var dev = clients.v3("dev-7", "dev", "pw", true);
        var plus = clients.v3("+", "dev", "pw", true);

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
        assertThat(alice.paho.subscribeWithResponse("secret/x", 1).getGrantedQos()[0]).isEqualTo(0x80);
        assertThat(node.backend().acl().counters().get("nomatch")).isPositive();
    }
}
