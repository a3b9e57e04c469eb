package io.osprey.bridge.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Measures a bridge with the repository's load tool ({@code itests/bench}, {@code osprey-bench-*-tool.jar}, run as
 * its own process): MQTT publishers → Osprey → the bridge → the remote side, where a {@link LongSupplier} counts what
 * arrived. Not a test; the bridges' {@code *Bench} classes drive it.
 */
public final class LoadRun {

    private LoadRun() {
    }

    /** What a run measured. */
    public record Result(long messages, double seconds, String tool) {
        public double rate() {
            return seconds <= 0 ? 0 : messages / seconds;
        }

        @Override
        public String toString() {
            return String.format("%d messages in %.2f s = %.0f msg/s", messages, seconds, rate());
        }
    }

    /**
     * Runs {@code bench pub} against Osprey's port with QoS 1 publishers for {@code seconds}, then waits until the
     * remote count stops growing (2 s without change). The rate is what arrived at the remote divided by the time
     * from its first to its last arrival.
     */
    public static Result throughput(Path toolJar, int ospreyPort, int publishers, int seconds, LongSupplier remote)
            throws Exception {
        long c0 = remote.getAsLong();
        Process tool = tool(toolJar, ospreyPort, publishers, seconds);
        long first = 0;
        long last = 0;
        long count = c0;
        long unchangedSince = System.nanoTime();
        while (true) {
            long c = remote.getAsLong();
            long now = System.nanoTime();
            if (c != count) {
                if (first == 0) {
                    first = now;
                }
                last = now;
                count = c;
                unchangedSince = now;
            } else if (!tool.isAlive() && now - unchangedSince > TimeUnit.SECONDS.toNanos(2)) {
                break;
            }
            Thread.sleep(50);
        }
        String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Result(count - c0, (last - first) / 1e9, out);
    }

    /**
     * The replay after an outage: {@code stopRemote}, then {@code bench pub} for {@code seconds} (messages land in
     * the disk buffer, {@code buffered} counts them), then {@code startRemote} and the time until {@code remote}
     * counted them all. The rate is the buffered messages over the time from the restart to the last arrival.
     */
    public static Result replay(Path toolJar, int ospreyPort, int publishers, int seconds, LongSupplier remote,
                                LongSupplier buffered, Runnable stopRemote, Runnable startRemote) throws Exception {
        long c0 = remote.getAsLong();
        stopRemote.run();
        Process tool = tool(toolJar, ospreyPort, publishers, seconds);
        tool.waitFor();
        String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        long n = buffered.getAsLong();
        long stable = System.nanoTime();
        while (System.nanoTime() - stable < TimeUnit.SECONDS.toNanos(1)) {
            Thread.sleep(100);
            long b = buffered.getAsLong();
            if (b != n) {
                n = b;
                stable = System.nanoTime();
            }
        }
        long t0 = System.nanoTime();
        startRemote.run();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (remote.getAsLong() - c0 < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return new Result(remote.getAsLong() - c0, (System.nanoTime() - t0) / 1e9, out);
    }

    /** A step that may throw, for {@link #replay}'s stop and start of the remote. */
    public interface Step {
        void run() throws Exception;
    }

    /** {@code step} as a {@link Runnable} that rethrows unchecked. */
    public static Runnable unchecked(Step step) {
        return () -> {
            try {
                step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Process tool(Path toolJar, int port, int publishers, int seconds) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", toolJar.toString(), "pub", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--qos", "1", "--count", Integer.toString(publishers), "--duration", Integer.toString(seconds),
                "--warmup", "0", "--topic", "bench/%i", "--json", "--quiet"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
