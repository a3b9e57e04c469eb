package io.osprey.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.osprey.bench.cli.BenchOptions;
import io.osprey.bench.cli.CommandLine;
import io.osprey.bench.cli.Usage;
import io.osprey.bench.load.StopSignal;
import io.osprey.bench.report.Summary;

/**
 * {@code osprey bench <scenario> [options]}: the MQTT load generator. Ctrl-C ends the run early and still prints the
 * summary. Exit status: 0 after a run, 1 when no connection could be set up, 2 for a bad command line.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // the generator's buffers are few and short-lived; sampling them for leaks only costs CPU
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.request();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-stop"));
        int status = run(args, System.out, System.err, stop);
        finished.countDown();
        if (!stop.requested()) {
            System.exit(status);
        }
        // stopped by a signal: the JVM is already shutting down and exits once the hook returns
    }

    /** Runs the command line; the summary goes to {@code out}, progress and messages to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err, StopSignal stop) {
        BenchOptions options;
        try {
            options = CommandLine.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            err.println("osprey bench: " + e.getMessage());
            err.println("Run 'osprey bench --help' for the scenarios and options.");
            return 2;
        }
        if (options == null) {
            out.print(Usage.text());
            return 0;
        }
        Summary summary;
        try {
            summary = BenchRun.execute(options, err, stop);
        } catch (IllegalArgumentException e) {
            err.println("osprey bench: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("osprey bench: " + e);
            return 1;
        }
        if (options.json()) {
            err.print(summary.text());
            out.println(summary.json());
        } else {
            out.print(summary.text());
        }
        out.flush();
        return summary.ready() == 0 ? 1 : 0;
    }
}
