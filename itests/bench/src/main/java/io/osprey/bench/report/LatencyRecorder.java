package io.osprey.bench.report;

import java.util.concurrent.CopyOnWriteArrayList;

import org.HdrHistogram.Histogram;

/**
 * End-to-end latency of the measured messages: one HdrHistogram per I/O thread (recording is a plain array
 * increment, no locks), merged once the run is over. Only messages sent inside the measurement window are recorded,
 * which the receiver tells from the send time in the payload; the window is set by the run's controller.
 */
public final class LatencyRecorder {

    /** Values are nanoseconds, 3 significant digits, up to 10 minutes (longer ones are clamped). */
    private static final long HIGHEST = 600_000_000_000L;

    private final CopyOnWriteArrayList<Histogram> histograms = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Histogram> local = ThreadLocal.withInitial(() -> {
        Histogram h = new Histogram(HIGHEST, 3);
        histograms.add(h);
        return h;
    });
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    /** The calling thread's histogram; a connection takes it once on its I/O thread. */
    public Histogram histogram() {
        return local.get();
    }

    /** Messages sent from {@code nanoTime} on are measured. */
    public void openWindow(long nanoTime) {
        windowStart = nanoTime;
    }

    /** Messages sent from {@code nanoTime} on are no longer measured. */
    public void closeWindow(long nanoTime) {
        windowEnd = nanoTime;
    }

    /** Records the latency of a message sent at {@code sentNanos} and received at {@code receivedNanos}. */
    public void record(Histogram h, long sentNanos, long receivedNanos) {
        if (sentNanos >= windowStart && sentNanos < windowEnd) {
            h.recordValue(Math.max(0, Math.min(HIGHEST, receivedNanos - sentNanos)));
        }
    }

    /** All threads' values together; call when no connection receives any more. */
    public Histogram merged() {
        Histogram all = new Histogram(HIGHEST, 3);
        for (Histogram h : histograms) {
            all.add(h);
        }
        return all;
    }
}
