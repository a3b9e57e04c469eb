package io.osprey.bench.report;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The once-a-second progress line on stderr: phase, live connections, messages sent, received and acknowledged per
 * second, errors and the generator's CPU use. It also samples the machine's CPU load while measuring, for the
 * summary.
 */
public final class Progress implements AutoCloseable {

    private final Counters counters;
    private final Supplier<Phase> phase;
    private final PrintStream err;
    private final int target;
    private final boolean print;
    private final CpuMeter cpu;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final long started = System.nanoTime();
    private long[] last;
    private CpuMeter.Reading lastCpu;
    private double loadSum;
    private int loadSamples;

    public Progress(Counters counters, Supplier<Phase> phase, PrintStream err, int targetConnections, boolean print,
                    CpuMeter cpu) {
        this.counters = counters;
        this.phase = phase;
        this.err = err;
        this.target = targetConnections;
        this.print = print;
        this.cpu = cpu;
    }

    public void start() {
        last = counters.snapshot();
        lastCpu = cpu.read();
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void tick() {
        long[] now = counters.snapshot();
        CpuMeter.Reading r = cpu.read();
        double dt = (r.wallNanos() - lastCpu.wallNanos()) / 1e9;
        Phase p = phase.get();
        double load = cpu.machineLoad();
        if (p == Phase.MEASURING && load >= 0) {
            loadSum += load;
            loadSamples++;
        }
        if (print && dt > 0) {
            err.printf("[%5.0fs] %-10s conn %d/%d  sent %s/s  recv %s/s  acked %s/s  err %d  cpu %.0f%%%n",
                    (r.wallNanos() - started) / 1e9, p.label(), counters.live.get(), target,
                    rate(now, last, Counters.Kind.SENT, dt), rate(now, last, Counters.Kind.RECEIVED, dt),
                    rate(now, last, Counters.Kind.ACKED, dt), counters.errors(now),
                    100 * CpuMeter.coresUsed(lastCpu, r));
        }
        last = now;
        lastCpu = r;
    }

    private static String rate(long[] now, long[] before, Counters.Kind k, double dt) {
        return Format.count((now[k.ordinal()] - before[k.ordinal()]) / dt);
    }

    /** The machine's average CPU load (0–1) while measuring, or -1 when it was never sampled. */
    public synchronized double machineLoad() {
        return loadSamples == 0 ? -1 : loadSum / loadSamples;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
