package io.osprey.plugin.pgsql;

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

/**
 * PostgreSQL going away while the broker works: publish latency stays the same, writes wait in the bounded queue and
 * reach the database when it is back, overflow is dropped and counted, authentication follows
 * {@code auth_on_db_down}. This class has its own cluster: it stops and restarts it.
 */
class PgsqlOutageIT {

    @RegisterExtension
    static final PostgresServer DB = new PostgresServer();

    static final Map<String, String> STORE = Map.of(
            "hook.client.connected.1", "{\"action\": {\"function\": \"on_client_connected\"}}",
            "hook.message.publish.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_publish\"}}",
            "retry_interval", "200ms",
            "connect_timeout", "1s");
    static final StatusCommand STATUS = new StatusCommand("backend-pgsql", "pgsql", "PostgreSQL");

    @TempDir
    Path home;
    PgsqlNode node;
    TestClients clients;

    @BeforeEach
    void running() throws Exception {
        if (!DB.isRunning()) {
            DB.restart();
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
        if (!DB.isRunning()) {
            DB.restart();
        }
        DB.execute("delete from mqtt_msg");
    }

    private void start(Map<String, String> brokerConfig, Map<String, String> plugin) throws Exception {
        node = new PgsqlNode(home, DB, brokerConfig, plugin);
        clients = new TestClients(node.uri());
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from information_schema.tables "
                + "where table_name = 'mqtt_msg'") == 1);
    }

    static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    @DisplayName("PostgreSQL crashed under QoS 1 load and restarted: no stored row lost, publish latency unaffected")
    void crashedUnderLoad_thenRestarted_noRowsLost_andPublishLatencyUnaffected() throws Exception {
        start(Map.of(), STORE);
        PublishLoad load = new PublishLoad(clients, "load/", 4, 250);
        await().atMost(Duration.ofSeconds(10)).until(() -> load.published() > 1500);
        load.phase("outage");
        DB.stop(true);
        long stoppedAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.backend().status().toString().contains("state=down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.backend().writer().queued() > 500);
        String during = STATUS.render(node.backend().status());
        int before = load.published();
        await().atMost(Duration.ofSeconds(10)).until(() -> load.published() > before + 1500);
        DB.restart();
        long downMs = System.currentTimeMillis() - stoppedAt;
        await().atMost(Duration.ofSeconds(30)).until(() -> node.backend().status().toString().contains("state=up"));
        load.phase("after");
        int after = load.published();
        await().atMost(Duration.ofSeconds(10)).until(() -> load.published() > after + 1500);
        load.close();
        assertThat(load.failure()).as("every publish got its PUBACK").isNull();
        int total = load.published();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> DB.count("select count(distinct msgid) from mqtt_msg where topic like 'load/%'") == total);

        System.out.println("[outage] status while PostgreSQL was down:\n" + during);
        System.out.printf("[outage] %d QoS 1 messages; PostgreSQL down for %d ms; stored %d, dropped %d%n", total,
                downMs, DB.count("select count(distinct msgid) from mqtt_msg where topic like 'load/%'"),
                node.backend().writer().dropped());
        for (String phase : new String[] {"before", "outage", "after"}) {
            System.out.printf("[outage] publish->PUBACK latency %-6s %s%n", phase, load.latency(phase));
        }
        assertThat(during).contains("down");
        assertThat(node.backend().writer().dropped()).isZero();
        // a hook that waited for the database would hold each PUBACK for connect_timeout (1 s) or more
        assertThat(load.latency("outage").p99()).as("p99 while PostgreSQL is down, ns").isLessThan(250_000_000L);
        assertThat(load.latency("outage").count()).isGreaterThan(500);
    }

    @Test
    @DisplayName("beyond queue_size while PostgreSQL is down, writes are dropped and counted; the rest arrive later")
    void queueFull_whileDown_overflowIsDroppedAndCounted_theRestIsWritten() throws Exception {
        start(Map.of(), with(STORE, "queue_size", "50", "batch_size", "10"));
        var pub = clients.v3("burst");
        await().atMost(Duration.ofSeconds(20)).until(() -> node.backend().writer().queued() == 0);
        DB.stop(true);
        for (int i = 0; i < 200; i++) {
            pub.publish("burst/x", "b" + i, 1, false);
        }
        assertThat(node.backend().writer().dropped()).isEqualTo(150);
        assertThat(node.backend().writer().queued()).isEqualTo(50);
        assertThat(node.node.metrics.value(PgsqlBackend.DROPPED)).isEqualTo(150);
        assertThat(STATUS.render(node.backend().status())).contains("queue     50 of 50 writes waiting")
                .contains("dropped   150");
        DB.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from mqtt_msg "
                + "where topic = 'burst/x'") == 50);
        assertThat(DB.rows("select payload from mqtt_msg where topic = 'burst/x' order by id limit 1").get(0))
                .containsEntry("payload", "b0");
    }

    @Test
    @DisplayName("auth while PostgreSQL is down: ignore passes to the next authenticator, deny refuses at once")
    void authWhileDown_ignorePassesOn_denyRefuses() throws Exception {
        String authQuery = "select password from mqtt_user where username = ${username} limit 1";
        start(Map.of("allow_anonymous", "true"), with(STORE, "auth_query", authQuery, "password_hash", "sha256",
                "auth_on_db_down", "ignore"));
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from information_schema.tables "
                + "where table_name = 'mqtt_user'") == 1);
        DB.execute("insert into mqtt_user(username, password) values ('dora', encode(sha256('pw'::bytea), 'hex'))");
        assertThat(clients.connackV3("d0", "dora", "wrong")).isEqualTo(4);

        DB.stop(true);
        long t0 = System.nanoTime();
        assertThat(clients.connackV3("d1", "dora", "wrong")).as("ignore: allow_anonymous decides").isZero();
        node.reconfigure(Map.of("auth_on_db_down", "deny"));
        assertThat(clients.connackV3("d2", "dora", "pw")).as("deny: server unavailable").isEqualTo(3);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[outage] two CONNECTs answered with PostgreSQL down (plus one reconfiguration): %d ms%n", ms);
        assertThat(ms).isLessThan(5000);

        DB.restart();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> clients.connackV3("d3", "dora", "pw") == 0);
        assertThat(clients.connackV3("d4", "dora", "wrong")).isEqualTo(4);
        assertThat(node.backend().authenticator().unavailableCount()).isPositive();
    }
}
