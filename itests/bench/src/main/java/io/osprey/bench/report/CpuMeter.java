package io.osprey.bench.report;

import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;

/**
 * The generator's own CPU use, so that a result can be trusted only when the generator was not the bottleneck: the
 * process CPU time between two readings, as cores used and as a share of the machine, and the machine's total load.
 */
public final class CpuMeter {

    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final int cores = Runtime.getRuntime().availableProcessors();

    /** A reading: wall clock and process CPU time, both in nanoseconds. */
    public record Reading(long wallNanos, long cpuNanos) {
    }

    public Reading read() {
        return new Reading(System.nanoTime(), os.getProcessCpuTime());
    }

    /** Cores the process kept busy between two readings (1.0 = one core all the time). */
    public static double coresUsed(Reading from, Reading to) {
        long wall = to.wallNanos() - from.wallNanos();
        return wall <= 0 || from.cpuNanos() < 0 ? 0 : (double) (to.cpuNanos() - from.cpuNanos()) / wall;
    }

    /** The whole machine's recent CPU load, 0–1, or a negative value when the JVM cannot tell. */
    public double machineLoad() {
        return os.getCpuLoad();
    }

    public int cores() {
        return cores;
    }
}
