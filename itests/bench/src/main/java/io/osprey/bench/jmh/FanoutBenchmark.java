package io.osprey.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.broker.router.Router;
import io.osprey.broker.router.Topics;

/**
 * Router fan-out: one message to every subscriber of one topic (100 or 10,000 no-op subscribers). The time per
 * operation divided by the subscriber count is the router's cost per delivery, before any session or socket work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class FanoutBenchmark {

    @Param({"100", "10000"})
    int subscribers;

    private Router router;
    private Message message;

    @Setup(Level.Trial)
    public void setUp() {
        router = new Router();
        Topics.Filter filter = Topics.parseFilter("fleet/broadcast");
        for (int i = 0; i < subscribers; i++) {
            router.subscribe(new NoopSubscriber("client-" + i), filter, SubscriptionOptions.ofQos(0));
        }
        message = Message.builder("fleet/broadcast").payload(new byte[64]).build();
    }

    @Benchmark
    public int route() {
        return router.route(message, "publisher", false);
    }
}
