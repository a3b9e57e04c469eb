package io.osprey.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

import io.osprey.bench.cli.BenchOptions;
import io.osprey.bench.mqtt.Transport;
import io.osprey.bench.report.Counters;
import io.osprey.bench.report.ErrorLog;
import io.osprey.bench.report.LatencyRecorder;

/** What every connection of a run shares: the options, the transport and the places results are recorded. */
public final class RunContext {

    private final BenchOptions options;
    private final Transport transport;
    private final int runId;
    private final Counters counters = new Counters();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final Histogram connectTimes = new SynchronizedHistogram(60_000_000_000L, 3);
    private final ErrorLog errors = new ErrorLog();
    private final FlowControl flowControl;
    private final int window;
    private final int publishers;

    /** @param window the end-to-end window per publisher, 0 for none (see {@link Flow}) */
    public RunContext(BenchOptions options, Transport transport, int runId, int window, int publishers) {
        this.flowControl = new FlowControl(publishers);
        this.options = options;
        this.transport = transport;
        this.runId = runId;
        this.window = window;
        this.publishers = publishers;
    }

    /** The number of this run's publishers (their numbers are 0 to this, exclusive). */
    public int publishers() {
        return publishers;
    }

    public int window() {
        return window;
    }

    public FlowControl flowControl() {
        return flowControl;
    }

    public BenchOptions options() {
        return options;
    }

    public Transport transport() {
        return transport;
    }

    public int runId() {
        return runId;
    }

    public Counters counters() {
        return counters;
    }

    public LatencyRecorder latency() {
        return latency;
    }

    /** Nanoseconds from the start of the TCP connect to CONNACK, per connection. */
    public Histogram connectTimes() {
        return connectTimes;
    }

    public ErrorLog errors() {
        return errors;
    }
}
