package io.osprey.plugin.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.osprey.backend.write.Writer;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * MySQL going away while the broker works: the broker keeps serving at the same latency, writes wait in the bounded
 * queue and reach MySQL when it is back, overflow is dropped, counted and logged, authentication falls through or
 * denies as configured, and a changed configuration reconnects the pool. This class has its own server: it kills
 * and restarts it.
 */
class MysqlOutageIT {

    @RegisterExtension
    static final MariaDbServer DB = new MariaDbServer();

    static final Map<String, String> STORE = Map.of(
            "hook.client.connected.1", "{\"action\": {\"function\": \"on_client_connected\"}}",
            "hook.message.publish.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_publish\"}}",
            "retry_interval", "200ms",
            "connect_timeout", "1s");

    @TempDir
    Path home;
    MysqlBroker node;
    TestClients clients;

    @BeforeEach
    void mysqlRunning() throws Exception {
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
        node = new MysqlBroker(home, DB, brokerConfig, plugin);
        clients = new TestClients(node.uri());
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from information_schema.tables "
                + "where table_schema = 'mqtt' and table_name = 'mqtt_msg'") == 1);
    }

    /** Waits until the writer has stored everything queued so far (e.g. a client's connected row). */
    private void awaitQueueEmpty() {
        await().atMost(Duration.ofSeconds(20)).until(() -> node.backend.writer().queued() == 0);
    }

    static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    @DisplayName("MySQL killed under QoS 1 load and restarted: no stored row lost, publish latency unaffected")
    void mysqlKilledUnderLoad_thenRestarted_noRowsLost_andPublishLatencyUnaffected() throws Exception {
        start(Map.of(), STORE);
        int publishers = 4;
        int ratePerPublisher = 250;
        AtomicReference<String> phase = new AtomicReference<>("before");
        Map<String, ConcurrentLinkedQueue<Long>> latencies = Map.of("before", new ConcurrentLinkedQueue<>(),
                "outage", new ConcurrentLinkedQueue<>(), "after", new ConcurrentLinkedQueue<>());
        AtomicBoolean run = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            var c = clients.v3("load-" + p);
            String topic = "load/" + p;
            Thread t = new Thread(() -> {
                long next = System.nanoTime();
                int seq = 0;
                try {
                    while (run.get()) {
                        long t0 = System.nanoTime();
                        c.publish(topic, "m" + seq++, 1, false); // returns when the PUBACK is in
                        latencies.get(phase.get()).add(System.nanoTime() - t0);
                        published.incrementAndGet();
                        next += 1_000_000_000L / ratePerPublisher;
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "publisher-" + p);
            threads.add(t);
            t.start();
        }
        Thread.sleep(2000);
        phase.set("outage");
        long killedAt = System.currentTimeMillis();
        DB.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.backend.status().toString().contains("state=up"));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.backend.writer().queued() > 500);
        String during = BackendCommand.render(node.backend.status());
        Thread.sleep(2000);
        DB.restart();
        long downMs = System.currentTimeMillis() - killedAt;
        await().atMost(Duration.ofSeconds(30)).until(() -> node.backend.status().toString().contains("state=up"));
        phase.set("after");
        Thread.sleep(2000);
        run.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(failure.get()).as("every publish got its PUBACK").isNull();
        int total = published.get();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> DB.count("select count(distinct msgid) from mqtt_msg where topic like 'load/%'") == total);

        System.out.println("[outage] status while MySQL was down:\n" + during);
        System.out.printf("[outage] %d QoS 1 messages from %d publishers at %d/s each; MySQL down for %d ms; "
                + "stored rows %d (distinct msgid %d), dropped %d%n", total, publishers, ratePerPublisher, downMs,
                DB.count("select count(*) from mqtt_msg where topic like 'load/%'"),
                DB.count("select count(distinct msgid) from mqtt_msg where topic like 'load/%'"),
                node.backend.writer().dropped());
        Map<String, long[]> stats = new HashMap<>();
        for (String ph : List.of("before", "outage", "after")) {
            long[] s = percentiles(latencies.get(ph));
            stats.put(ph, s);
            System.out.printf("[outage] publish->PUBACK latency %-6s n=%5d  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                    ph, s[3], s[0] / 1e6, s[1] / 1e6, s[2] / 1e6);
        }
        assertThat(during).contains("down");
        assertThat(node.backend.writer().dropped()).isZero();
        // a hook that waited for MySQL would hold each PUBACK for connect_timeout (1 s) or more
        assertThat(stats.get("outage")[1]).as("p99 while MySQL is down, ns").isLessThan(250_000_000L);
        assertThat(stats.get("outage")[3]).as("messages published while MySQL was down").isGreaterThan(500);
    }

    static long[] percentiles(ConcurrentLinkedQueue<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) {
            return new long[] {0, 0, 0, 0};
        }
        return new long[] {v[v.length / 2], v[Math.min(v.length - 1, (int) (v.length * 0.99))], v[v.length - 1],
                v.length};
    }

    @Test
    @DisplayName("beyond queue_size while MySQL is down, writes are dropped, counted and logged; the rest arrive later")
    void queueFull_whileMysqlIsDown_overflowIsDroppedCountedAndLogged_theRestIsWritten() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger writerLog = (Logger) LoggerFactory.getLogger(Writer.class);
        writerLog.addAppender(log);
        try {
            start(Map.of(), with(STORE, "queue_size", "50", "batch_size", "10"));
            var pub = clients.v3("burst");
            awaitQueueEmpty();
            DB.kill();
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                pub.publish("burst/x", "b" + i, 1, false);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("[outage] 200 QoS 1 publishes with MySQL down and a queue of 50: %d ms%n", ms);
            assertThat(node.backend.writer().dropped()).isEqualTo(150);
            assertThat(node.backend.writer().queued()).isEqualTo(50);
            assertThat(node.metrics.value(MysqlBackend.DROPPED)).isEqualTo(150);
            assertThat(BackendCommand.render(node.backend.status())).contains("queue     50 of 50 writes waiting")
                    .contains("dropped   150");
            assertThat(log.list).anyMatch(e -> e.getFormattedMessage().contains("write queue full")
                    && e.getFormattedMessage().contains("while MySQL is unreachable"));

            DB.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from mqtt_msg "
                    + "where topic = 'burst/x'") == 50);
            assertThat(DB.rows("select payload from mqtt_msg where topic = 'burst/x' order by id limit 1").get(0))
                    .containsEntry("payload", "b0");
            await().atMost(Duration.ofSeconds(5)).until(() -> node.backend.writer().queued() == 0);
        } finally {
            writerLog.detachAppender(log);
        }
    }

    @Test
    @DisplayName("auth while MySQL is down: ignore passes to the next authenticator, deny refuses at once")
    void authWhileMysqlIsDown_ignorePassesOn_denyRefuses() throws Exception {
        String authQuery = "select password from mqtt_user where username = ${username} limit 1";
        start(Map.of("allow_anonymous", "true"), with(STORE, "auth_query", authQuery, "password_hash", "sha256",
                "auth_on_db_down", "ignore"));
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from information_schema.tables "
                + "where table_schema = 'mqtt' and table_name = 'mqtt_user'") == 1);
        awaitQueueEmpty();
        DB.execute("insert into mqtt_user(username, password) values ('dora', sha2('pw', 256))");
        assertThat(clients.connackV3("d0", "dora", "wrong")).isEqualTo(4);

        DB.kill();
        long t0 = System.nanoTime();
        assertThat(clients.connackV3("d1", "dora", "wrong")).as("ignore: allow_anonymous decides").isZero();
        node.reconfigure(Map.of("auth_on_db_down", "deny"));
        assertThat(clients.connackV3("d2", "dora", "pw")).as("deny: server unavailable").isEqualTo(3);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[outage] two CONNECTs answered with MySQL down (plus one reconfiguration): %d ms%n", ms);
        assertThat(ms).isLessThan(5000);

        DB.restart();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> clients.connackV3("d3", "dora", "pw") == 0);
        assertThat(clients.connackV3("d4", "dora", "wrong")).isEqualTo(4);
        assertThat(node.backend.authenticator().unavailableCount()).isPositive();
    }

    @Test
    @DisplayName("a changed configuration reconnects the pool; writes queued meanwhile are kept and written")
    void reconfiguredCredentials_reconnectThePool_andQueuedWritesSurvive() throws Exception {
        start(Map.of(), with(STORE, "password", "wrong-password"));
        var pub = clients.v3("reconf"); // its connected row waits in the queue too
        for (int i = 0; i < 20; i++) {
            pub.publish("reconf/x", "r" + i, 1, false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> node.backend.status().toString().contains("state=down"));
        assertThat(DB.count("select count(*) from mqtt_msg where topic = 'reconf/x'")).isZero();
        assertThat(node.backend.writer().queued()).isEqualTo(21);

        node.reconfigure(Map.of("password", MariaDbServer.PASSWORD));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.count("select count(*) from mqtt_msg "
                + "where topic = 'reconf/x'") == 20);
        assertThat(DB.count("select count(*) from mqtt_client where clientid = 'reconf' and state = '1'")).isOne();
        assertThat(node.backend.writer().dropped()).isZero();
    }
}
