package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL PLAIN towards a Kafka broker whose only client listener is SASL_PLAINTEXT (its own KRaft node in this JVM):
 * with the right password the bridge's records arrive; with a wrong one nothing is sent and the bridge's status
 * says why.
 */
class SaslIT {

    static KafkaClusterTestKit cluster;
    static String servers;

    @TempDir
    Path home;
    private BridgeNode node;
    private Clients clients;

    @BeforeAll
    static void startKafka() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        servers = cluster.bootstrapServers();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (cluster != null) {
            cluster.close();
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

    /** What a Kafka client needs to log in as the test kit's admin. */
    private static Map<String, Object> admin() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", servers);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
        return p;
    }

    private static String newTopic() throws Exception {
        String name = "sasl-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin a = Admin.create(admin())) {
            a.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
        return name;
    }

    private void startBridge(String topic, String password) throws Exception {
        node = new BridgeNode(home, "servers", servers, "produce", "sync", "produce.sync_timeout", "3s",
                "encode_payload_type", "plain", "sasl.mechanism", "plain", "sasl.username", JaasUtils.KAFKA_PLAIN_ADMIN,
                "sasl.password", password, "hook.message.publish.1", "{\"topic\": \"" + topic + "\"}");
        clients = new Clients(node.uri());
    }

    @Test
    @DisplayName("sasl.mechanism = plain with the right password: the records arrive")
    void rightPassword_recordsArrive() throws Exception {
        String topic = newTopic();
        startBridge(topic, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD);
        var pub = clients.v3("sasl-dev");
        for (int i = 0; i < 3; i++) {
            pub.publish("sasl/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
        }
        Map<String, Object> c = admin();
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

    @Test
    @DisplayName("a wrong SASL password: nothing is sent, and the bridge's status names the authentication failure")
    void wrongPassword_nothingSent_statusSaysWhy() throws Exception {
        String topic = newTopic();
        startBridge(topic, "not-the-password");
        var pub = clients.v3("sasl-bad");
        pub.publish("sasl/x", "x".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> node.bridge().status().lastError() != null);
        assertThat(node.bridge().status().lastError()).containsIgnoringCase("authentication");
        assertThat(node.bridge().counters().get("hook.message.publish.1").sent()).isZero();
    }
}
