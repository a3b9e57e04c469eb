package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of the bridge against a Kafka that speaks only a secured protocol share ({@link SaslIT},
 * {@link TlsIT}): a subclass starts its broker and says how a Kafka client and the bridge reach it; with good
 * settings three records arrive, with bad ones nothing is sent and the bridge's status says why.
 */
abstract class SecuredKafkaTest {

    @TempDir
    Path home;
    private BridgeNode node;
    private Clients clients;

    /** Bootstrap servers and security settings for a Kafka client (admin, consumer) of the test. */
    abstract Map<String, Object> kafkaClient() throws Exception;

    @AfterEach
    void stopBridge() {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    /** Publishes three messages through a bridge with {@code security} (bridge keys) and reads them from Kafka. */
    void assertRecordsArrive(String... security) throws Exception {
        String topic = newTopic();
        startBridge(topic, security);
        var pub = clients.v3("secured-dev");
        for (int i = 0; i < 3; i++) {
            pub.publish("secured/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false)
                    .waitForCompletion(10_000);
        }
        Map<String, Object> c = kafkaClient();
        c.put("key.deserializer", ByteArrayDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<String> payloads = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (payloads.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    payloads.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(payloads).hasSize(3).allSatisfy(v -> assertThat(v).contains("\"payload\""));
        assertThat(String.join(" ", payloads)).contains("m0").contains("m1").contains("m2");
        assertThat(node.bridge().counters().get("hook.message.publish.1").failed()).isZero();
    }

    /** A bridge with {@code security} sends nothing, and its status has an error containing {@code why}. */
    void assertNothingSent(String why, String... security) throws Exception {
        startBridge(newTopic(), security);
        clients.v3("secured-bad").publish("secured/x", "x".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> node.bridge().status().lastError() != null);
        assertThat(node.bridge().status().lastError()).containsIgnoringCase(why);
        assertThat(node.bridge().counters().get("hook.message.publish.1").sent()).isZero();
    }

    private String newTopic() throws Exception {
        String name = "secured-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin a = Admin.create(kafkaClient())) {
            a.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
        return name;
    }

    private void startBridge(String topic, String... security) throws Exception {
        List<String> config = new ArrayList<>(List.of("servers", (String) kafkaClient().get("bootstrap.servers"),
                "produce", "sync", "produce.sync_timeout", "3s", "encode_payload_type", "plain",
                "hook.message.publish.1", "{\"topic\": \"" + topic + "\"}"));
        config.addAll(List.of(security));
        node = new BridgeNode(home, config.toArray(new String[0]));
        clients = new Clients(node.uri());
    }
}
