package io.osprey.bench.jmh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.PublishResult;
import io.osprey.broker.hooks.HookRegistry;
import io.osprey.broker.metrics.Metrics;

/**
 * Hook dispatch in the broker's {@link HookRegistry} with 0 (the cost of an empty point) and 5 registered hooks,
 * each an observer ({@code client.connected}) and a pass-through {@code message.publish} hook that answers with an
 * already completed stage: the kernel's per-call overhead (ordering, timing, counters), not the plugins' work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class HookDispatchBenchmark {

    @Param({"0", "5"})
    int hooks;

    private HookRegistry registry;
    private ClientInfo client;
    private Message message;
    private final Executor inline = Runnable::run;

    /** A plugin's hook that observes connections and lets every message through. */
    static final class PassThroughHook implements ClientConnected, MessagePublish {
        long connected;

        @Override
        public void onConnected(ClientInfo client) {
            connected++;
        }

        @Override
        public CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message) {
            return PublishResult.proceed();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        registry = new HookRegistry(new Metrics());
        for (int i = 0; i < hooks; i++) {
            registry.register(new PassThroughHook(), "plugin-" + i, i);
        }
        client = new BenchClient("client-1", "user-1");
        message = Message.builder("fleet/r1/d1/temp").payload(new byte[64]).qos(1).from("client-1", "user-1").build();
    }

    @Benchmark
    public ClientInfo clientConnected() {
        registry.clientConnected(client);
        return client;
    }

    @Benchmark
    public CompletableFuture<PublishResult> messagePublish() {
        return registry.messagePublish(client, message, inline);
    }
}
