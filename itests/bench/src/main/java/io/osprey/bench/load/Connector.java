package io.osprey.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.netty.channel.ChannelFuture;
import io.osprey.bench.cli.BenchOptions;

/**
 * Opens a group of connections at the requested pace: at most {@code --connect-concurrency} being set up at once,
 * and no more than {@code --connect-rate} per second when that is set. Returns once every connection is ready or has
 * failed (each gives up after its own setup timeout).
 */
public final class Connector {

    private static final long SETTLE_MARGIN_SECONDS = 30;

    private Connector() {
    }

    /** @return every connection that was started, ready or not (see {@link BenchConnection#ready()}) */
    public static List<BenchConnection> open(List<ClientSpec> specs, RunContext run, StopSignal stop)
            throws InterruptedException {
        BenchOptions o = run.options();
        List<BenchConnection> started = new ArrayList<>(specs.size());
        if (specs.isEmpty()) {
            return started;
        }
        Semaphore permits = new Semaphore(o.connectConcurrency());
        CountDownLatch settled = new CountDownLatch(specs.size());
        long t0 = System.nanoTime();
        for (int i = 0; i < specs.size() && !stop.requested(); i++) {
            if (o.connectRate() > 0) {
                long due = t0 + (long) (i * 1e9 / o.connectRate());
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            permits.acquire();
            BenchConnection c = new BenchConnection(run, specs.get(i));
            started.add(c);
            c.ready().whenComplete((ok, failure) -> {
                permits.release();
                settled.countDown();
            });
            ChannelFuture f = run.transport().connect(c, c.spec().clientId());
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    c.connectFailed(done.cause());
                }
            });
        }
        for (int i = started.size(); i < specs.size(); i++) {
            settled.countDown(); // never started: stopped early
        }
        settled.await(SETTLE_MARGIN_SECONDS, TimeUnit.SECONDS);
        return started;
    }
}
