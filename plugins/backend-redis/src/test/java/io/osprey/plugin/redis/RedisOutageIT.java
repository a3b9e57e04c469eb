package io.osprey.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.osprey.backend.status.StatusCommand;
import io.osprey.backend.testing.PublishLoad;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Redis going away while the broker works: publish latency stays the same, writes wait in the bounded queue and reach
 * Redis when it is back, overflow is dropped and counted, authentication follows {@code auth_on_db_down}.
 */
class RedisOutageIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    static final Map<String, String> STORE = Map.of(
            "hook.client.connected.1", "{\"action\": {\"function\": \"on_client_connected\"}}",
            "hook.message.publish.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_publish\"}}",
            "retry_interval", "200ms",
            "connect_timeout", "1s");
    static final StatusCommand STATUS = new StatusCommand("backend-redis", "redis", "Redis");

    @TempDir
    Path home;
    RedisNode node;
    TestClients clients;

    @BeforeEach
    void running() throws Exception {
        if (!REDIS.isRunning()) {
            REDIS.restart();
        }
        try (Jedis j = REDIS.jedis()) {
            j.flushAll();
        }
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

    private void start(Map<String, String> brokerConfig, Map<String, String> plugin) throws Exception {
        node = new RedisNode(home, brokerConfig, RedisNode.single(REDIS, plugin));
        clients = new TestClients(node.uri());
    }

    static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static long stored(String prefix) {
        try (Jedis j = REDIS.jedis()) {
            long n = 0;
            for (String key : j.keys("mqtt:msg:topic:" + prefix + "*")) {
                n += j.zcard(key);
            }
            return n;
        }
    }

    @Test
    @DisplayName("Redis killed under QoS 1 load and restarted: every message written after, publish latency unaffected")
    void killedUnderLoad_thenRestarted_noWritesLost_andPublishLatencyUnaffected() throws Exception {
        start(Map.of(), STORE);
        PublishLoad load = new PublishLoad(clients, "load/", 4, 250);
        await().atMost(Duration.ofSeconds(10)).until(() -> load.published() > 1500);
        load.phase("outage");
        REDIS.kill(); // what it held is gone with it (no persistence): count what arrives from now on
        long killedAt = System.currentTimeMillis();
        int atKill = load.published();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.backend().status().toString().contains("state=down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.backend().writer().queued() > 500);
        String during = STATUS.render(node.backend().status());
        await().atMost(Duration.ofSeconds(10)).until(() -> load.published() > atKill + 1500);
        REDIS.restart();
        long downMs = System.currentTimeMillis() - killedAt;
        await().atMost(Duration.ofSeconds(30)).until(() -> node.backend().status().toString().contains("state=up"));
        load.phase("after");
        int after = load.published();
        await().atMost(Duration.ofSeconds(10)).until(() -> load.published() > after + 1500);
        load.close();
        assertThat(load.failure()).as("every publish got its PUBACK").isNull();
        int sinceKill = load.published() - atKill;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> stored("load/") >= sinceKill);

        System.out.println("[outage] status while Redis was down:\n" + during);
        System.out.printf("[outage] %d QoS 1 messages since the kill; Redis down for %d ms; stored %d, dropped %d%n",
                sinceKill, downMs, stored("load/"), node.backend().writer().dropped());
        for (String phase : new String[] {"before", "outage", "after"}) {
            System.out.printf("[outage] publish->PUBACK latency %-6s %s%n", phase, load.latency(phase));
        }
        assertThat(during).contains("down");
        assertThat(node.backend().writer().dropped()).isZero();
        assertThat(load.latency("outage").p99()).as("p99 while Redis is down, ns").isLessThan(250_000_000L);
        assertThat(load.latency("outage").count()).isGreaterThan(500);
    }

    @Test
    @DisplayName("beyond queue_size while Redis is down, writes are dropped and counted; the rest arrive later")
    void queueFull_whileDown_overflowIsDroppedAndCounted_theRestIsWritten() throws Exception {
        start(Map.of(), with(STORE, "queue_size", "50", "batch_size", "10"));
        var pub = clients.v3("burst");
        await().atMost(Duration.ofSeconds(20)).until(() -> node.backend().writer().queued() == 0);
        REDIS.kill();
        for (int i = 0; i < 200; i++) {
            pub.publish("burst/x", "b" + i, 1, false);
        }
        assertThat(node.backend().writer().dropped()).isEqualTo(150);
        assertThat(node.backend().writer().queued()).isEqualTo(50);
        assertThat(node.node.metrics.value(RedisBackend.DROPPED)).isEqualTo(150);
        assertThat(STATUS.render(node.backend().status())).contains("queue     50 of 50 writes waiting")
                .contains("dropped   150");
        REDIS.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("burst/x") == 50);
        try (Jedis j = REDIS.jedis()) {
            String first = j.zrange("mqtt:msg:topic:burst/x", 0, 0).get(0);
            assertThat(j.hget("mqtt:msg:" + first, "payload")).isEqualTo("b0");
        }
    }

    @Test
    @DisplayName("auth while Redis is down: ignore passes to the next authenticator, deny refuses at once")
    void authWhileDown_ignorePassesOn_denyRefuses() throws Exception {
        try (Jedis j = REDIS.jedis()) {
            j.hset("mqtt_user:dora", "password", RedisAuthIT.hex("SHA-256", "pw"));
        }
        start(Map.of("allow_anonymous", "true"), with(STORE, "auth_cmd", "HMGET mqtt_user:%u password",
                "password_hash", "sha256", "auth_on_db_down", "ignore"));
        assertThat(clients.connackV3("d0", "dora", "wrong")).isEqualTo(4);

        REDIS.kill();
        long t0 = System.nanoTime();
        assertThat(clients.connackV3("d1", "dora", "wrong")).as("ignore: allow_anonymous decides").isZero();
        node.reconfigure(Map.of("auth_on_db_down", "deny"));
        assertThat(clients.connackV3("d2", "dora", "pw")).as("deny: server unavailable").isEqualTo(3);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[outage] two CONNECTs answered with Redis down (plus one reconfiguration): %d ms%n", ms);
        assertThat(ms).isLessThan(5000);

        REDIS.restart();
        try (Jedis j = REDIS.jedis()) {
            j.hset("mqtt_user:dora", "password", RedisAuthIT.hex("SHA-256", "pw"));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> clients.connackV3("d3", "dora", "pw") == 0);
        assertThat(clients.connackV3("d4", "dora", "wrong")).isEqualTo(4);
        assertThat(node.backend().authenticator().unavailableCount()).isPositive();
    }
}
