package io.osprey.backend.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.osprey.testkit.TestClients;

/**
 * QoS 1 publishers at a fixed rate, each publish timed until its PUBACK, the times kept per phase ("before",
 * "outage", "after") so a test can show that a database outage does not slow MQTT clients down.
 */
public final class PublishLoad implements AutoCloseable {

    /** Publish-to-PUBACK times of one phase, in nanoseconds. */
    public record Latency(long p50, long p99, long max, int count) {

        @Override
        public String toString() {
            return String.format("n=%5d  p50 %.2f ms  p99 %.2f ms  max %.2f ms", count, p50 / 1e6, p99 / 1e6,
                    max / 1e6);
        }
    }

    private final AtomicReference<String> phase = new AtomicReference<>("before");
    private final Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
    private final AtomicBoolean run = new AtomicBoolean(true);
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Starts {@code publishers} clients publishing to {@code <prefix><n>} at {@code ratePerPublisher} messages/s each.
     */
    public PublishLoad(TestClients clients, String prefix, int publishers, int ratePerPublisher) throws Exception {
        for (int p = 0; p < publishers; p++) {
            var c = clients.v3(prefix.replace('/', '-') + p);
            String topic = prefix + p;
            Thread t = new Thread(() -> {
                long next = System.nanoTime();
                int seq = 0;
                try {
                    while (run.get()) {
                        long t0 = System.nanoTime();
                        c.publish(topic, "m" + seq++, 1, false); // returns when the PUBACK is in
                        latencies.computeIfAbsent(phase.get(), k -> new ConcurrentLinkedQueue<>())
                                .add(System.nanoTime() - t0);
                        published.incrementAndGet();
                        next += 1_000_000_000L / ratePerPublisher;
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "publisher-" + p);
            threads.add(t);
            t.start();
        }
    }

    public void phase(String name) {
        phase.set(name);
    }

    public int published() {
        return published.get();
    }

    /** Every publish got its PUBACK: {@code null}, else the first failure. */
    public Throwable failure() {
        return failure.get();
    }

    public Latency latency(String phaseName) {
        ConcurrentLinkedQueue<Long> q = latencies.get(phaseName);
        long[] v = q == null ? new long[0] : q.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) {
            return new Latency(0, 0, 0, 0);
        }
        return new Latency(v[v.length / 2], v[Math.min(v.length - 1, (int) (v.length * 0.99))], v[v.length - 1],
                v.length);
    }

    /** Stops the publishers and waits for them. */
    @Override
    public void close() throws InterruptedException {
        run.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
