package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The promise of {@code store = disk}, tested on the real distribution with {@code kill -9}: whatever the broker
 * acknowledged for a persistent session, and every retained message it accepted, is there after a restart.
 */
class DurabilityIT {

    private NodeProcess node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.kill();
        }
    }

    private NodeProcess startNode(String name) throws Exception {
        node = NodeProcess.copy(name);
        node.env().put("OSPREY_BROKER__MAX_MQUEUE_LEN", "0"); // the burst test queues more than the default 1000
        return node.start();
    }

    @Test
    void persistentQos1AndQos2Subscribers_getEveryAckedMessage_afterKill9() throws Exception {
        startNode("durable-acked");
        offlineSubscriber("dur-q1", "dur/q1", 1);
        offlineSubscriber("dur-q2", "dur/q2", 2);
        int n = 300;
        try (Sync pub = new Sync(node.mqttUri(), "dur-pub", true)) {
            for (int i = 0; i < n; i++) {
                // MqttClient.publish returns once the PUBACK (QoS 1) / PUBCOMP (QoS 2) arrived
                pub.client.publish("dur/q1", bytes("m" + i), 1, false);
                pub.client.publish("dur/q2", bytes("m" + i), 2, false);
            }
            for (int i = 0; i < 50; i++) {
                pub.client.publish("dur/retained/" + i, bytes("r" + i), 1, true);
            }
        }
        node.kill();
        node.start();

        List<String> q1 = drain("dur-q1", "dur/q1", 1, n);
        List<String> q2 = drain("dur-q2", "dur/q2", 2, n);
        assertThat(q2).as("QoS 2: all, exactly once, in order").containsExactlyElementsOf(expected(n));
        assertThat(firstOccurrences(q1)).as("QoS 1: all, at least once, in order")
                .containsExactlyElementsOf(expected(n));

        try (Sync fresh = new Sync(node.mqttUri(), "dur-retained-reader", true)) {
            fresh.client.subscribe("dur/retained/#", 1);
            List<String> got = fresh.take(50, 15);
            assertThat(got).hasSize(50).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(0, 50).mapToObj(i -> "r" + i).toList());
        }
    }

    @Test
    void killInTheMiddleOfABurst_everyMessageAckedBeforeTheKillArrives() throws Exception {
        startNode("durable-burst");
        offlineSubscriber("dur-burst", "dur/burst", 1);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        MqttAsyncClient pub = new MqttAsyncClient(node.mqttUri(), "dur-burst-pub", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        o.setAutomaticReconnect(false);
        pub.connect(o).waitForCompletion(10_000);
        Semaphore window = new Semaphore(500);
        Thread burst = new Thread(() -> {
            try {
                for (int i = 0; i < 20_000 && pub.isConnected(); i++) {
                    window.acquire();
                    String payload = "b" + i;
                    pub.publish("dur/burst", bytes(payload), 1, false, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            acked.add(payload);
                            window.release();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            window.release();
                        }
                    });
                }
            } catch (Exception ignored) {
                // the node went away: that is the point
            }
        }, "burst");
        burst.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (acked.size() < 2000 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        node.kill(); // mid-burst: the publisher still has hundreds of messages in flight
        burst.join(15_000);
        Set<String> ackedBeforeKill = Set.copyOf(acked);
        pub.close(true);
        assertThat(ackedBeforeKill).hasSizeGreaterThanOrEqualTo(2000);

        node.start();
        List<String> got = drainUntilQuiet("dur-burst", "dur/burst", 1);
        assertThat(got).as("every acknowledged message arrived").containsAll(ackedBeforeKill);
        List<Integer> order = firstOccurrences(got).stream().map(s -> Integer.parseInt(s.substring(1))).toList();
        assertThat(order).as("in publish order").isSorted();
        System.out.printf("[measure] burst: %d acked before kill -9, %d delivered after restart%n",
                ackedBeforeKill.size(), order.size());
    }

    @Test
    void truncatedStoreFile_isReportedWithFileAndOffset_andEarlierDataIsServed() throws Exception {
        startNode("durable-truncated");
        try (Sync pub = new Sync(node.mqttUri(), "trunc-pub", true)) {
            for (int i = 0; i < 20; i++) {
                pub.client.publish("early/" + i, bytes("e" + i), 1, true);
            }
        }
        Thread.sleep(500); // several commits later, the early messages are in older chunks
        Path file = node.home().resolve("data/store/osprey.mv.db");
        long before = Files.size(file);
        try (Sync pub = new Sync(node.mqttUri(), "trunc-pub2", true)) {
            for (int i = 0; i < 500; i++) {
                pub.client.publish("late/" + i, bytes("l".repeat(200) + i), 1, true);
            }
        }
        node.kill();
        long after = Files.size(file);
        assertThat(after).isGreaterThan(before);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(before + (after - before) / 2); // a write torn in the middle
        }

        node.start();
        List<String> lines = new ArrayList<>(node.output());
        lines.addAll(List.of(node.log().split("\n")));
        assertThat(lines).anyMatch(l -> l.contains(file.toString()) && l.contains("offset"));
        try (Sync reader = new Sync(node.mqttUri(), "trunc-reader", true)) {
            reader.client.subscribe("early/#", 1);
            assertThat(reader.take(20, 15)).hasSize(20);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void offlineSubscriber(String id, String topic, int qos) throws Exception {
        try (Sync s = new Sync(node.mqttUri(), id, false)) {
            s.client.subscribe(topic, qos);
        }
    }

    /** Reconnects a persistent subscriber and takes {@code n} messages (and any extra ones that follow quickly). */
    private List<String> drain(String id, String topic, int qos, int n) throws Exception {
        try (Sync s = new Sync(node.mqttUri(), id, false)) {
            List<String> got = s.take(n, 30);
            String extra;
            while ((extra = s.inbox.poll(1, TimeUnit.SECONDS)) != null) {
                got.add(extra);
            }
            return got;
        }
    }

    private List<String> drainUntilQuiet(String id, String topic, int qos) throws Exception {
        try (Sync s = new Sync(node.mqttUri(), id, false)) {
            List<String> got = new ArrayList<>();
            String m;
            while ((m = s.inbox.poll(got.isEmpty() ? 15 : 3, TimeUnit.SECONDS)) != null) {
                got.add(m);
            }
            return got;
        }
    }

    private static List<String> expected(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "m" + i).toList();
    }

    private static List<String> firstOccurrences(List<String> got) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(got));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A blocking Paho 3.1.1 client whose received payloads land in {@link #inbox}. */
    private static final class Sync implements AutoCloseable {
        final MqttClient client;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

        Sync(String uri, String id, boolean clean) throws Exception {
            client = new MqttClient(uri, id, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(clean);
            o.setConnectionTimeout(10);
            o.setMaxInflight(1000);
            client.connect(o);
        }

        List<String> take(int n, int seconds) throws InterruptedException {
            List<String> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + seconds * 1000L;
            while (got.size() < n && System.currentTimeMillis() < deadline) {
                String m = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (m != null) {
                    got.add(m);
                }
            }
            return got;
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect(2000);
                }
                client.close(true);
            } catch (Exception ignored) {
                // cleanup
            }
        }
    }
}
