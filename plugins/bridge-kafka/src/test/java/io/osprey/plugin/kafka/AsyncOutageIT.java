package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce = async} through Kafka outages: publishers are acknowledged at once, records wait in the disk
 * buffer while Kafka is unreachable and are replayed when it comes back — every message once, in order per key —
 * also when the node restarts in between.
 */
class AsyncOutageIT {

    @TempDir
    Path home;
    private TestKafka kafka;
    private BridgeNode node;
    private Clients clients;
    private String topic;

    private String[] config() {
        return new String[] {"servers", kafka.servers(), "produce", "async", "encode_payload_type", "plain",
                "max_inflight", "200",
                "hook.message.publish.1", "{\"filter\": \"load/#\", \"topic\": \"" + topic
                        + "\", \"key\": \"${clientid}\"}"};
    }

    private void start() throws Exception {
        kafka = TestKafka.get();
        topic = kafka.newTopic("outage", 3);
        node = new BridgeNode(home, config());
        clients = new Clients(node.uri());
    }

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

    private long counter(String which) {
        var v = node.bridge().counters().get("hook.message.publish.1");
        return switch (which) {
            case "matched" -> v.matched();
            case "sent" -> v.sent();
            default -> v.dropped();
        };
    }

    @Test
    @DisplayName("async: Kafka down for a while under steady load → every message arrives once, in order per key")
    void kafkaDownUnderLoad_everyMessageOnceInOrder() throws Exception {
        start();
        Map<String, Integer> sent;
        try (Load load = new Load(clients, "car", 4, 5)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> counter("sent") >= 100);
            kafka.proxy().cut();
            long sentAtCut = counter("sent");
            Thread.sleep(3000);
            // publishers went on being acknowledged while Kafka was away
            assertThat(load.total()).isGreaterThan((int) sentAtCut + 200);
            assertThat(node.bridge().status().buffer().records()).isPositive();
            kafka.proxy().restore();
            Thread.sleep(1500);
            sent = load.stop();
        }
        int total = sent.values().stream().mapToInt(Integer::intValue).sum();
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("sent") == total);
        Load.assertExactlyOnceInOrder(sent, kafka.read(topic, total, Duration.ofSeconds(30)));
        assertThat(node.bridge().status().buffer().records()).isZero();
        assertThat(counter("dropped")).isZero();
    }

    @Test
    @DisplayName("async: the node restarts while Kafka is down → the disk buffer is replayed after the restart")
    void nodeRestartWhileKafkaDown_bufferIsReplayed() throws Exception {
        start();
        kafka.proxy().cut();
        Map<String, Integer> sent = new LinkedHashMap<>();
        for (int c = 0; c < 3; c++) {
            var pub = clients.v3("truck-" + c);
            for (int i = 0; i < 100; i++) {
                pub.publish("load/truck-" + c, Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1, false)
                        .waitForCompletion(5000);
            }
            sent.put("truck-" + c, 100);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("matched") == 300
                && node.bridge().status().writePending() == 0);
        assertThat(counter("sent")).isZero();
        clients.close();
        node.close();

        node = new BridgeNode(home, config());
        assertThat(node.bridge().status().buffer().records()).isEqualTo(300);
        kafka.proxy().restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("sent") == 300);
        java.util.List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, 300, Duration.ofSeconds(30));
        Load.assertExactlyOnceInOrder(sent, records);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.bridge().status().buffer().records() == 0);
    }
}
