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

import io.osprey.testkit.TestPki;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS towards Kafka: a broker of its own in this JVM, reachable only through a TLS endpoint with a certificate for
 * 127.0.0.1 and localhost (Kafka's test kit has no SSL listeners, so a {@link TcpProxy} on a TLS server socket
 * terminates TLS in front of it; the broker advertises that endpoint). With {@code ssl.cacertfile} naming the CA that
 * signed the certificate the bridge's records arrive; with another CA nothing is sent and the bridge's status says
 * why.
 */
class TlsIT {

    static KafkaClusterTestKit cluster;
    static TcpProxy tls;
    static String servers;

    @TempDir
    static Path pki;
    static TestPki.Identity server;
    static TestPki.Identity stranger;
    @TempDir
    Path home;
    private BridgeNode node;
    private Clients clients;

    @BeforeAll
    static void startKafka() throws Exception {
        server = TestPki.selfSigned(pki, "kafka");
        stranger = TestPki.selfSigned(pki, "stranger");
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(server.p12())) {
            ks.load(in, TestPki.PASSWORD.toCharArray());
        }
        kmf.init(ks, TestPki.PASSWORD.toCharArray());
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        tls = new TcpProxy(ctx.getServerSocketFactory().createServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress()));
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("advertised.listeners", nodes.brokerListenerName().value() + "://localhost:"
                        + tls.port())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        String direct = cluster.bootstrapServers().split(",")[0];
        tls.target(new java.net.InetSocketAddress("127.0.0.1",
                Integer.parseInt(direct.substring(direct.lastIndexOf(':') + 1))));
        cluster.waitForReadyBrokers();
        servers = "localhost:" + tls.port();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (tls != null) {
            tls.close();
        }
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

    /** What a Kafka client needs to reach the broker over TLS. */
    private static Map<String, Object> admin() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", servers);
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", java.nio.file.Files.readString(server.certPem()));
        return p;
    }

    private static String newTopic() throws Exception {
        String name = "tls-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin a = Admin.create(admin())) {
            a.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
        return name;
    }

    private void startBridge(String topic, Path caFile) throws Exception {
        node = new BridgeNode(home, "servers", servers, "produce", "sync", "produce.sync_timeout", "3s",
                "encode_payload_type", "plain", "ssl", "true", "ssl.cacertfile", caFile.toString(),
                "hook.message.publish.1", "{\"topic\": \"" + topic + "\"}");
        clients = new Clients(node.uri());
    }

    @Test
    @DisplayName("ssl = true with the CA that signed the broker's certificate: the records arrive")
    void rightCa_recordsArrive() throws Exception {
        String topic = newTopic();
        startBridge(topic, server.certPem());
        var pub = clients.v3("tls-dev");
        for (int i = 0; i < 3; i++) {
            pub.publish("tls/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
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
    @DisplayName("ssl.cacertfile naming another CA: nothing is sent, and the bridge's status names the TLS failure")
    void wrongCa_nothingSent_statusSaysWhy() throws Exception {
        String topic = newTopic();
        startBridge(topic, stranger.certPem());
        var pub = clients.v3("tls-bad");
        pub.publish("tls/x", "x".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> node.bridge().status().lastError() != null);
        assertThat(node.bridge().status().lastError()).containsIgnoringCase("ssl");
        assertThat(node.bridge().counters().get("hook.message.publish.1").sent()).isZero();
    }
}
