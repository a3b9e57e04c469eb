package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk buffer ({@code buffer.max_bytes}) while Kafka is down: records are dropped — the oldest not yet handed
 * to Kafka, or the newest — counted per rule, and the node goes on serving clients; what was kept arrives in order
 * once Kafka is back.
 */
class BufferFullIT {

    private static final int MESSAGES = 600;

    @TempDir
    Path home;
    private TestKafka kafka;
    private BridgeNode node;
    private Clients clients;

    @AfterEach
    void stop() {
        if (kafka != null) {
            kafka.proxy().restore();
        }
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest(name = "buffer.overflow = {0}")
    @ValueSource(strings = {"drop_oldest", "drop_newest"})
    @DisplayName("buffer full → drops counted, node healthy, the kept records arrive in order")
    void bufferFull_dropsAreCounted_nodeStaysHealthy(String overflow) throws Exception {
        kafka = TestKafka.get();
        String topic = kafka.newTopic("full", 1);
        node = new BridgeNode(home, "servers", kafka.servers(), "produce", "async", "encode_payload_type", "plain",
                "max_inflight", "10", "buffer.max_bytes", "64KB", "buffer.segment_bytes", "8KB",
                "buffer.overflow", overflow,
                "hook.message.publish.1", "{\"filter\": \"full/#\", \"topic\": \"" + topic + "\", \"key\": \"k\"}");
        clients = new Clients(node.uri());
        var pub = clients.v3("filler");
        pub.publish("full/x", "-1".getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(5000);
        await().atMost(Duration.ofSeconds(10)).until(() -> rule().sent() == 1);

        kafka.proxy().cut();
        String pad = "x".repeat(200);
        for (int i = 0; i < MESSAGES; i++) {
            pub.publish("full/x", (i + "," + pad).getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(5000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rule().matched() == MESSAGES + 1
                && node.bridge().status().writePending() == 0);
        long dropped = rule().dropped();
        assertThat(dropped).as("records dropped").isPositive();
        assertThat(node.metrics.value("bridge-kafka.dropped")).isEqualTo(dropped);
        assertThat(node.bridge().status().buffer().bytes()).isLessThanOrEqualTo(64 * 1024);

        // the node is healthy: a new client connects, subscribes and receives
        var sub = clients.v3("watcher");
        java.util.concurrent.CompletableFuture<String> got = new java.util.concurrent.CompletableFuture<>();
        sub.subscribe("health/#", 1, (t, m) -> got.complete(new String(m.getPayload(), StandardCharsets.UTF_8)))
                .waitForCompletion(5000);
        clients.v3("prober").publish("health/ping", "pong".getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(5000);
        assertThat(got.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("pong");

        kafka.proxy().restore();
        long kept = MESSAGES + 1 - dropped;
        await().atMost(Duration.ofSeconds(30)).until(() -> rule().sent() == kept);
        List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, (int) kept, Duration.ofSeconds(20));
        assertThat(records).hasSize((int) kept);
        List<Integer> seqs = Load.byKey(records).get("k").stream().toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        if (overflow.equals("drop_oldest")) {
            assertThat(seqs).contains(MESSAGES - 1);
        } else {
            assertThat(seqs).doesNotContain(MESSAGES - 1).contains(0, 1, 2);
        }
        assertThat(rule().failed()).isZero();
    }

    private io.osprey.bridge.core.stats.RuleCounters.View rule() {
        return node.bridge().counters().get("hook.message.publish.1");
    }
}
