package io.osprey.plugin.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.osprey.bridge.core.stats.RuleCounters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

/**
 * Not a test: how fast the disk buffer of {@code produce = async} is replayed into Kafka after an outage.
 * <p>
 * An in-JVM Kafka (through the harness's TCP proxy) and a {@link BridgeNode} configured as in {@link AsyncOutageIT};
 * one warm-up record goes through so the producer knows the topic, then the proxy is cut, N QoS 1 messages are
 * published by a few MQTT clients as fast as the broker acknowledges them (they land in the buffer), and once all
 * are on disk the proxy is restored and the time until Kafka acknowledged all N is measured.
 * <p>
 * Arguments: {@code [messages=200000] [payloadBytes=64] [max_inflight=plugin default]}. Run with the test class
 * path, e.g. {@code java -Xmx2g -cp target/test-classes:target/classes:<test deps> io.osprey.plugin.kafka.ReplayBench}.
 */
public final class ReplayBench {

    private static final String RULE = "hook.message.publish.1";
    private static final int PUBLISHERS = 4;
    private static final int WINDOW = 500;

    private ReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        String maxInflight = args.length > 2 ? args[2] : null;
        int code = 1;
        Path home = Files.createTempDirectory("replay-bench");
        try {
            code = run(n, payloadBytes, maxInflight, home) ? 0 : 1;
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            deleteQuietly(home);
        }
        System.out.flush();
        System.exit(code);
    }

    private static boolean run(int n, int payloadBytes, String maxInflight, Path home) throws Exception {
        TestKafka kafka = TestKafka.get();
        String topic = kafka.newTopic("replay", 3);
        List<String> config = new ArrayList<>(List.of("servers", kafka.servers(), "produce", "async",
                "encode_payload_type", "plain",
                RULE, "{\"filter\": \"load/#\", \"topic\": \"" + topic + "\", \"key\": \"${clientid}\"}"));
        if (maxInflight != null) {
            config.addAll(List.of("max_inflight", maxInflight));
        }
        BridgeNode node = new BridgeNode(home, config.toArray(String[]::new));
        Clients clients = new Clients(node.uri());
        try {
            // warm-up: the producer is connected and knows the topic's partitions, as before a real outage
            clients.v3("warmup").publish("load/warmup", "warmup".getBytes(StandardCharsets.UTF_8), 1, false)
                    .waitForCompletion(10_000);
            waitUntil("warm-up record in Kafka", 30_000, () -> rule(node).sent() == 1);
            long base = 1;

            List<MqttAsyncClient> pubs = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                pubs.add(clients.v3("car-" + p));
            }

            kafka.proxy().cut();
            long b0 = System.nanoTime();
            publishAll(pubs, n, payloadBytes);
            long acked = System.nanoTime();
            waitUntil("all records in the buffer", 120_000, () -> rule(node).buffered() == base + n
                    && node.bridge().status().writePending() == 0
                    && node.bridge().status().buffer().records() >= n);
            long b1 = System.nanoTime();
            var buf = node.bridge().status().buffer();
            RuleCounters.View before = rule(node);
            if (before.sent() != base) {
                System.out.println("[note] " + (before.sent() - base) + " records were sent while the proxy was cut");
            }
            double mb = buf.bytes() / (1024.0 * 1024.0);

            kafka.proxy().restore();
            long t0 = System.nanoTime();
            long firstSent = 0;
            long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
            while (rule(node).sent() < base + n) {
                if (System.nanoTime() > deadline) {
                    System.out.println("[error] replay timed out: sent " + (rule(node).sent() - base) + " of " + n);
                    return false;
                }
                Thread.sleep(50);
                if (firstSent == 0 && rule(node).sent() > base) {
                    firstSent = System.nanoTime();
                }
            }
            long t1 = System.nanoTime();
            RuleCounters.View after = rule(node);

            double bufMs = (b1 - b0) / 1e6;
            double replayMs = (t1 - t0) / 1e6;
            double fromFirstMs = (t1 - firstSent) / 1e6;
            System.out.printf("[measure] buffering while Kafka down: %d records (%d B payload) appended in %.0f ms = "
                    + "%.0f records/s (publishers acknowledged after %.0f ms)%n", n, payloadBytes, bufMs,
                    n / (bufMs / 1000), (acked - b0) / 1e6);
            System.out.printf("[measure] replay after outage: %d records (%.1f MB on disk) sent in %.0f ms = %.0f "
                    + "records/s (first record acknowledged %.0f ms after restore; %.0f records/s from then on; "
                    + "max_inflight %s)%n", n, mb, replayMs, n / (replayMs / 1000), (firstSent - t0) / 1e6,
                    n / (fromFirstMs / 1000), maxInflight == null ? "default" : maxInflight);

            long inKafka = endOffsets(kafka, topic);
            boolean ok = after.dropped() == 0 && after.failed() == 0 && after.sent() == base + n
                    && inKafka >= base + n;
            System.out.printf("[check] sent=%d dropped=%d failed=%d records in topic=%d (expected %d) -> %s%n",
                    after.sent() - base, after.dropped(), after.failed(), inKafka - base, n, ok ? "OK" : "FAILED");
            return ok;
        } finally {
            kafka.proxy().restore();
            clients.close();
            node.close();
        }
    }

    /** N messages over the publishers, each keeping up to {@link #WINDOW} QoS 1 messages unacknowledged. */
    private static void publishAll(List<MqttAsyncClient> pubs, int n, int payloadBytes) throws Exception {
        AtomicReference<Throwable> error = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pubs.size(); p++) {
            MqttAsyncClient c = pubs.get(p);
            int count = n / pubs.size() + (p < n % pubs.size() ? 1 : 0);
            String topic = "load/" + c.getClientId();
            Thread t = new Thread(() -> {
                Semaphore window = new Semaphore(WINDOW);
                AtomicLong done = new AtomicLong();
                IMqttActionListener release = new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        done.incrementAndGet();
                        window.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        error.compareAndSet(null, e);
                        window.release();
                    }
                };
                try {
                    for (int i = 0; i < count && error.get() == null; i++) {
                        window.acquire();
                        c.publish(topic, payload(i, payloadBytes), 1, false, null, release);
                    }
                    window.acquire(WINDOW);
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }, "bench-" + c.getClientId());
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (error.get() != null) {
            throw new IllegalStateException("publish failed", error.get());
        }
    }

    /** {@code <seq>,xxxx…} padded to {@code size} bytes (longer when the sequence number alone does not fit). */
    private static byte[] payload(int seq, int size) {
        byte[] s = (seq + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(s, Math.max(size, s.length));
        Arrays.fill(out, s.length, out.length, (byte) 'x');
        return out;
    }

    private static RuleCounters.View rule(BridgeNode node) {
        return node.bridge().counters().get(RULE);
    }

    private static long endOffsets(TestKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.servers()))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> req = new java.util.HashMap<>();
            d.partitions().forEach(p -> req.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(req).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(String what, long timeoutMillis, Condition c) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!c.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temp dir
        }
    }
}
