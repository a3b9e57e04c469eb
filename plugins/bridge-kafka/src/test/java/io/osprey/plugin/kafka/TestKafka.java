package io.osprey.plugin.kafka;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.osprey.testkit.TcpProxy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka broker (KRaft, broker and controller in one node) in the test JVM, shared by every test class and
 * closed when the JVM ends. Clients reach it through a {@link TcpProxy}: the broker advertises the proxy's port, so
 * every connection, including the ones after a metadata refresh, goes through it and an outage can be simulated.
 * Tests use their own topics ({@link #newTopic}) so they never see each other's records.
 */
final class TestKafka {

    private static TestKafka instance;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private final KafkaClusterTestKit cluster;
    private final TcpProxy proxy;

    private TestKafka() throws Exception {
        proxy = new TcpProxy();
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        String listener = nodes.brokerListenerName().value();
        cluster = singleNode(nodes)
                .setConfigProp("advertised.listeners", listener + "://127.0.0.1:" + proxy.port())
                .setConfigProp("num.partitions", "3")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        proxy.target(new InetSocketAddress("127.0.0.1", brokerPort(cluster)));
        cluster.waitForReadyBrokers();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.close();
                cluster.close();
            } catch (Exception e) {
                // the JVM ends anyway
            }
        }));
    }

    /** A builder for a one-node cluster: internal topics with one replica. */
    static KafkaClusterTestKit.Builder singleNode(TestKitNodes nodes) {
        return new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1");
    }

    /** The port the broker itself listens on (not what it advertises). */
    static int brokerPort(KafkaClusterTestKit cluster) {
        String direct = cluster.bootstrapServers().split(",")[0];
        return Integer.parseInt(direct.substring(direct.lastIndexOf(':') + 1));
    }

    static synchronized TestKafka get() throws Exception {
        if (instance == null) {
            instance = new TestKafka();
        }
        return instance;
    }

    /** What the bridge's {@code servers} should say. */
    String servers() {
        return "127.0.0.1:" + proxy.port();
    }

    TcpProxy proxy() {
        return proxy;
    }

    /** Creates a topic with a unique name. */
    String newTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + TOPICS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
        return name;
    }

    /**
     * Reads {@code topic} from the beginning until {@code expected} records arrived or {@code timeout} passed, then
     * a little longer to catch records beyond the expected count (duplicates).
     */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(10))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            long extraUntil = 0;
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
                if (out.size() >= expected) {
                    if (extraUntil == 0) {
                        extraUntil = System.nanoTime() + Duration.ofMillis(300).toNanos();
                    } else if (System.nanoTime() > extraUntil) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}
