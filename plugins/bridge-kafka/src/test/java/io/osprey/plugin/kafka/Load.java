package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

/**
 * A steady publish load: each of N MQTT 3.1.1 clients publishes QoS 1 messages {@code 0, 1, 2, …} on
 * {@code load/<client>} every few milliseconds until stopped, waiting for each PUBACK. {@link #assertInKafka} then
 * checks what the bridge delivered: every acknowledged message exactly once, in order per key (the client id).
 */
final class Load implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> published = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    Load(Clients clients, String prefix, int publishers, long pauseMillis) throws Exception {
        for (int i = 0; i < publishers; i++) {
            String id = prefix + "-" + i;
            MqttAsyncClient c = clients.v3(id);
            published.put(id, 0);
            Thread t = new Thread(() -> {
                int seq = 0;
                try {
                    while (running.get()) {
                        c.publish("load/" + id, Integer.toString(seq).getBytes(StandardCharsets.UTF_8), 1, false)
                                .waitForCompletion(10_000);
                        published.put(id, ++seq);
                        Thread.sleep(pauseMillis);
                    }
                } catch (Exception e) {
                    if (running.get()) {
                        errors.add(e);
                    }
                }
            }, "load-" + id);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops publishing and waits for the last PUBACKs. @return messages acknowledged, per client */
    Map<String, Integer> stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(15_000);
        }
        assertThat(errors).as("publish errors").isEmpty();
        return new LinkedHashMap<>(published);
    }

    int total() {
        return published.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The payloads (as numbers) of the records, per record key, in the order Kafka holds them. */
    static Map<String, List<Integer>> byKey(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            JsonNode v = JSON.readTree(r.value());
            String payload = v.get("payload").asText();
            int comma = payload.indexOf(',');
            out.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(Integer.parseInt(comma < 0 ? payload : payload.substring(0, comma)));
        }
        return out;
    }

    /** Every message of {@code sent} is in {@code records} exactly once, and in order per client. */
    static void assertExactlyOnceInOrder(Map<String, Integer> sent, List<ConsumerRecord<byte[], byte[]>> records)
            throws Exception {
        Map<String, List<Integer>> got = byKey(records);
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        for (Map.Entry<String, Integer> e : sent.entrySet()) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < e.getValue(); i++) {
                expected.add(i);
            }
            assertThat(got.get(e.getKey())).as("messages of " + e.getKey() + " in Kafka").isEqualTo(expected);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
