package io.osprey.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.osprey.bench.audit.Audit;
import io.osprey.bench.cli.BenchOptions;
import io.osprey.bench.cli.Scenario;
import io.osprey.bench.load.BenchConnection;
import io.osprey.bench.load.ClientSpec;
import io.osprey.bench.load.Connector;
import io.osprey.bench.load.Plan;
import io.osprey.bench.load.Role;
import io.osprey.bench.load.RunContext;
import io.osprey.bench.load.StopSignal;
import io.osprey.bench.mqtt.Transport;
import io.osprey.bench.report.Counters;
import io.osprey.bench.report.CpuMeter;
import io.osprey.bench.report.Phase;
import io.osprey.bench.report.Progress;
import io.osprey.bench.report.Summary;

/**
 * One run from start to summary: connect the plan's clients (subscribers first), start publishing, warm up, measure,
 * stop, wait for the last acknowledgements and deliveries, disconnect, then audit and report.
 */
public final class BenchRun {

    private static final long DRAIN_QUIET_NANOS = 300_000_000L;
    private static final long CLOSE_TIMEOUT_SECONDS = 15;

    private final BenchOptions o;
    private final PrintStream err;
    private final StopSignal stop;
    private final CpuMeter cpu = new CpuMeter();
    private volatile Phase phase = Phase.CONNECTING;

    private BenchRun(BenchOptions o, PrintStream err, StopSignal stop) {
        this.o = o;
        this.err = err;
        this.stop = stop;
    }

    /** Runs {@code o}; progress goes to {@code err}. */
    public static Summary execute(BenchOptions o, PrintStream err, StopSignal stop) throws Exception {
        return new BenchRun(o, err, stop).run();
    }

    private Summary run() throws Exception {
        Audit audit = new Audit();
        Plan plan = Plan.build(o, audit);
        audit.link();
        try (Transport transport = new Transport(o)) {
            int window = o.window() >= 0 ? o.window()
                    : BenchOptions.defaultWindow(audit.maxPublishersPerAudience(), audit.publishers().size());
            RunContext run = new RunContext(o, transport, audit.runId(), window, audit.publishers().size());
            String header = header(plan, transport, run);
            err.println(header);
            try (Progress progress = new Progress(run.counters(), () -> phase, err, plan.size(), !o.quiet(), cpu)) {
                progress.start();
                return measure(run, plan, audit, header, progress);
            }
        }
    }

    private Summary measure(RunContext run, Plan plan, Audit audit, String header, Progress progress)
            throws InterruptedException {
        Counters counters = run.counters();
        long t0 = System.nanoTime();
        List<BenchConnection> all = new ArrayList<>();
        all.addAll(Connector.open(plan.subscribers(), run, stop));
        all.addAll(Connector.open(plan.publishers(), run, stop));
        all.addAll(Connector.open(plan.idle(), run, stop));
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        List<BenchConnection> ready = new ArrayList<>();
        List<BenchConnection> publishers = new ArrayList<>();
        for (BenchConnection c : all) {
            if (c.ready().isDone() && !c.ready().isCompletedExceptionally()) {
                ready.add(c);
                if (c.spec().log() != null) {
                    publishers.add(c);
                }
            }
        }
        err.printf("connected: %d of %d in %.2f s%n", ready.size(), plan.size(), connectSeconds);

        long[] before;
        long[] after;
        CpuMeter.Reading from;
        CpuMeter.Reading to;
        if (o.scenario() == Scenario.CONN || ready.isEmpty()) {
            phase = Phase.HOLDING;
            before = counters.snapshot();
            from = cpu.read();
            if (!ready.isEmpty()) {
                awaitMeasurement();
            }
            to = cpu.read();
            after = counters.snapshot();
            if (o.reconnect() && !ready.isEmpty()) {
                all = reconnect(all, plan, run);
            }
        } else {
            publishers.forEach(BenchConnection::startPublishing);
            phase = Phase.WARMUP;
            stop.await(o.warmupSeconds());
            before = counters.snapshot();
            from = cpu.read();
            run.latency().openWindow(from.wallNanos());
            phase = Phase.MEASURING;
            awaitMeasurement();
            to = cpu.read();
            run.latency().closeWindow(to.wallNanos());
            after = counters.snapshot();
            phase = Phase.DRAINING;
            publishers.forEach(BenchConnection::stopPublishing);
            drain(counters, !plan.subscribers().isEmpty());
        }
        phase = Phase.CLOSING;
        closeAll(all);
        if (!o.cleanStart()) {
            discardSessions(plan, run);
        }

        double measured = (to.wallNanos() - from.wallNanos()) / 1e9;
        long[] end = counters.snapshot();
        return new Summary(o.scenario().label(), header, o.versionLabel(), o.qos(), o.subQos(), o.payloadSize(),
                plan.publishers().size(), plan.subscribers().size(), plan.size(), ready.size(),
                counters.connectErrors.get(), counters.disconnects.get(), counters.errors(end), connectSeconds,
                run.connectTimes(), o.warmupSeconds(), measured,
                delta(after, before, Counters.Kind.SENT), delta(after, before, Counters.Kind.ACKED),
                delta(after, before, Counters.Kind.RECEIVED), end[Counters.Kind.FOREIGN.ordinal()],
                end[Counters.Kind.STALLS.ordinal()],
                run.latency().merged(), audit.losses(), CpuMeter.coresUsed(from, to), cpu.cores(),
                progress.machineLoad(), run.errors().top(5));
    }

    private void awaitMeasurement() throws InterruptedException {
        if (o.durationSeconds() > 0) {
            stop.await(o.durationSeconds());
        } else {
            stop.awaitRequest();
        }
    }

    /**
     * Waits, at most {@code --drain} seconds, until every QoS 1/2 message is acknowledged and no delivery arrived for
     * a moment: what is still in flight when publishing stops must be counted before the audit.
     */
    private void drain(Counters counters, boolean receivers) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (o.drainSeconds() * 1e9);
        long lastReceived = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long[] s = counters.snapshot();
            boolean acked = o.qos() == 0 || s[Counters.Kind.ACKED.ordinal()] + s[Counters.Kind.REFUSED.ordinal()]
                    >= s[Counters.Kind.SENT.ordinal()];
            long received = s[Counters.Kind.RECEIVED.ordinal()];
            long now = System.nanoTime();
            if (received != lastReceived) {
                lastReceived = received;
                quietSince = now;
            }
            if (acked && (!receivers || now - quietSince >= DRAIN_QUIET_NANOS)) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /**
     * {@code --no-clean} leaves a persistent session on the broker for every client of the run; a later run (or the
     * next round of compare.sh) would find its subscribers' old sessions still subscribed and queueing every message
     * for them. Connecting once more with a clean session and leaving discards them.
     */
    private void discardSessions(Plan plan, RunContext run) throws InterruptedException {
        List<ClientSpec> clients = new ArrayList<>();
        for (List<ClientSpec> group : List.of(plan.subscribers(), plan.publishers(), plan.idle())) {
            for (ClientSpec c : group) {
                clients.add(new ClientSpec(Role.IDLE, c.index(), c.clientId(), null, null, null, c.scope()));
            }
        }
        RunContext clean = new RunContext(o.withCleanStart(), run.transport(), run.runId(), 0, 0);
        List<BenchConnection> cleaners = Connector.open(clients, clean, new StopSignal());
        long discarded = cleaners.stream().filter(c -> c.ready().isDone() && !c.ready().isCompletedExceptionally())
                .count();
        closeAll(cleaners);
        err.printf("persistent sessions discarded: %d of %d%n", discarded, clients.size());
    }

    /** Closes every connection and opens them again: a second wave that reuses what the first one cached. */
    private List<BenchConnection> reconnect(List<BenchConnection> all, Plan plan, RunContext run)
            throws InterruptedException {
        closeAll(all);
        long[] tls0 = run.transport().tlsHandshakes();
        long t0 = System.nanoTime();
        List<BenchConnection> again = Connector.open(plan.idle(), run, stop);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long ready = again.stream().filter(c -> c.ready().isDone() && !c.ready().isCompletedExceptionally()).count();
        long[] tls = run.transport().tlsHandshakes();
        err.printf("reconnected: %d of %d in %.2f s (%.0f connections/s%s)%n", ready, plan.idle().size(), seconds,
                ready / seconds, tls[0] == tls0[0] ? ""
                        : String.format(", %d of %d TLS sessions resumed", tls[1] - tls0[1], tls[0] - tls0[0]));
        return again;
    }

    private void closeAll(List<BenchConnection> all) throws InterruptedException {
        List<CompletableFuture<Void>> closing = new ArrayList<>(all.size());
        for (BenchConnection c : all) {
            closing.add(c.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            err.println("some connections did not close within " + CLOSE_TIMEOUT_SECONDS + " s");
        }
    }

    private static long delta(long[] after, long[] before, Counters.Kind k) {
        return after[k.ordinal()] - before[k.ordinal()];
    }

    private String header(Plan plan, Transport transport, RunContext run) {
        StringBuilder b = new StringBuilder("osprey bench ").append(o.scenario().label()).append(": ")
                .append(plan.describe(o.scenario())).append(" | ").append(o.host()).append(':').append(o.port())
                .append(" MQTT ").append(o.versionLabel());
        if (o.scenario().publishes() || o.scenario().subscribes()) {
            b.append(" | QoS ").append(o.qos());
            if (o.subQos() != o.qos() && o.scenario().subscribes()) {
                b.append(" (subscriptions ").append(o.subQos()).append(')');
            }
        }
        if (o.scenario().publishes()) {
            b.append(", ").append(o.payloadSize()).append(" B, ")
                    .append(o.closedLoop() ? "closed loop" : o.rate() + " msgs/s per publisher");
            List<String> windows = new ArrayList<>();
            if (run.window() > 0 && !plan.subscribers().isEmpty()) {
                windows.add("window " + run.window());
            }
            if (o.qos() > 0) {
                windows.add(o.inflight() + " unacknowledged");
            }
            if (!windows.isEmpty()) {
                b.append(" (").append(String.join(", ", windows)).append(')');
            }
        }
        if (o.shareGroup() != null) {
            b.append(", shared group ").append(o.shareGroup());
        }
        return b.append(" | ").append(transport.describe()).toString();
    }
}
