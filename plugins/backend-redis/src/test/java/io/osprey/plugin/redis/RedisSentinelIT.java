package io.osprey.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.osprey.backend.testing.ServerProcesses;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * {@code type = sentinel} against a real password-protected master watched by one real Sentinel, both started by the
 * test: the plugin asks the Sentinel for the master, then writes and authenticates there, in the configured
 * database.
 */
class RedisSentinelIT {

    static final String PASSWORD = "master-secret";
    static final RedisServer MASTER = new RedisServer(List.of("--requirepass", PASSWORD));
    static Path sentinelDir;
    static Process sentinel;
    static int sentinelPort;

    @TempDir
    Path home;
    RedisNode node;
    TestClients clients;

    @BeforeAll
    static void start() throws Exception {
        MASTER.start();
        sentinelDir = Files.createTempDirectory("osprey-sentinel-");
        sentinelPort = ServerProcesses.freePort();
        Path conf = sentinelDir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n", "port " + sentinelPort, "bind 127.0.0.1", "dir " + sentinelDir,
                "sentinel monitor mymaster 127.0.0.1 " + MASTER.port() + " 1",
                "sentinel auth-pass mymaster " + PASSWORD, "sentinel down-after-milliseconds mymaster 2000", ""));
        sentinel = new ProcessBuilder(ServerProcesses.find("redis-server", List.of(), "redis-server"), conf.toString(),
                "--sentinel").redirectErrorStream(true).redirectOutput(sentinelDir.resolve("sentinel.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", sentinelPort))) {
                return j.sentinelGetMasterAddrByName("mymaster").contains(String.valueOf(MASTER.port()));
            }
        });
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (sentinel != null) {
            sentinel.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        ServerProcesses.deleteTree(sentinelDir);
        MASTER.close();
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

    @Test
    @DisplayName("sentinel: the master comes from the Sentinel; writes and auth go there, with its password, in database 3")
    void sentinel_findsTheMaster_andUsesItsPasswordAndDatabase() throws Exception {
        try (Jedis j = MASTER.jedis()) {
            j.select(3);
            j.hset("mqtt_user:sam", "password", "pw");
        }
        node = new RedisNode(home, Map.of("allow_anonymous", "false"), Map.of(
                "type", "sentinel",
                "server", "127.0.0.1:" + sentinelPort,
                "sentinel", "mymaster",
                "password", PASSWORD,
                "database", "3",
                "auth_cmd", "HMGET mqtt_user:%u password",
                "password_hash", "plain",
                "hook.client.connected.1", "{\"action\": {\"function\": \"on_client_connected\"}}",
                "hook.message.publish.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_publish\"}}"));
        clients = new TestClients(node.uri());
        assertThat(clients.connackV3("x", "sam", "nope")).isEqualTo(4);
        var c = clients.v3("dev-s", "sam", "pw", true);
        c.publish("sentinel/t", "hello", 1, false);
        try (Jedis j = MASTER.jedis()) {
            j.select(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(j.hget("mqtt:client:dev-s", "state"))
                    && j.zcard("mqtt:msg:topic:sentinel/t") == 1);
            j.select(0);
            assertThat(j.exists("mqtt:client:dev-s")).as("not in database 0").isFalse();
        }
        assertThat(node.backend().status().toString()).contains("mode=sentinel").contains("state=up");
    }
}
