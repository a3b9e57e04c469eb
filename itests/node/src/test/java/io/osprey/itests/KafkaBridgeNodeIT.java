package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bridge-kafka plugin in the assembled node, with Kafka unreachable (its {@code servers} point at a closed port):
 * the bundle with its embedded Kafka client resolves and starts in Felix when loaded ({@code ctl plugins load}), the
 * shipped configuration is read (its escaped {@code $\\{clientid}} key included), publishers are acknowledged at once
 * and their records wait in the disk buffer under {@code data/bridge-kafka/}, which a {@code kill -9} of the node
 * does not lose. Delivery to a real Kafka broker is tested in the plugin's own module, where a KRaft broker runs in
 * the test JVM. The methods run in order on one node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBridgeNodeIT {

    private static final Pattern RECORDS = Pattern.compile("\"records\"\\s*:\\s*(\\d+)");
    private static final Pattern PUBLISH_RULE = Pattern.compile(
            "\"rule\"\\s*:\\s*\"hook.message.publish.1\"\\s*,\\s*\"matched\"\\s*:\\s*50\\s*,\\s*\"sent\"\\s*:\\s*0");

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("bridge-kafka");
        Path cfg = node.home().resolve("etc/osprey.bridge.kafka.cfg");
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        String closedPort = "servers = 127.0.0.1:" + NodeProcess.freePort();
        lines.replaceAll(l -> l.startsWith("servers =") ? closedPort : l);
        Files.write(cfg, lines);
        node.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static long bufferedRecords() throws Exception {
        NodeProcess.Ctl status = node.ctl("bridge-kafka", "status", "--json");
        Matcher m = RECORDS.matcher(status.out());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    @Order(1)
    void shippedUnloaded_loadsAndShowsItsStatus() throws Exception {
        assertThat(node.ctl("plugins", "list").out()).containsPattern("bridge-kafka\\s+\\S+\\s+unloaded\\s+Kafka");
        NodeProcess.Ctl load = node.ctl("plugins", "load", "bridge-kafka");
        assertThat(load.exit()).as(load.out()).isZero();
        assertThat(node.ctl("plugins", "list").out()).containsPattern("bridge-kafka\\s+\\S+\\s+loaded");
        NodeProcess.Ctl status = node.ctl("bridge-kafka", "status");
        assertThat(status.exit()).as(status.out()).isZero();
        assertThat(status.out()).contains("Kafka bridge:", "produce = async", "hook.message.publish.1");
        assertThat(node.ctl("help").out()).contains("bridge-kafka status");
    }

    @Test
    @Order(2)
    void kafkaUnreachable_publishersAreAcked_recordsWaitOnDisk() throws Exception {
        try (Mqtt.Client c = Mqtt.connect(node.mqttUri(), "truck-1")) {
            for (int i = 0; i < 50; i++) {
                c.publish("fleet/truck-1", "reading " + i, 1);
            }
        }
        // 50 messages, plus the client's connected and disconnected events
        await().atMost(Duration.ofSeconds(20)).until(() -> bufferedRecords() >= 52);
        String json = node.ctl("bridge-kafka", "status", "--json").out();
        assertThat(json).containsPattern(PUBLISH_RULE);
        assertThat(node.ctl("broker", "metrics").out()).contains("bridge-kafka.buffered");
        try (var files = Files.list(node.home().resolve("data/bridge-kafka/queue"))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.endsWith(".seg"));
        }
    }

    @Test
    @Order(3)
    void killDashNine_theBufferedRecordsAreStillThereAfterTheRestart() throws Exception {
        long before = bufferedRecords();
        assertThat(before).isGreaterThanOrEqualTo(52);
        node.kill();
        node.start();
        assertThat(node.ctl("plugins", "list").out()).containsPattern("bridge-kafka\\s+\\S+\\s+loaded");
        await().atMost(Duration.ofSeconds(20)).until(() -> bufferedRecords() >= before);
    }
}
