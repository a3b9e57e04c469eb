package io.osprey.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.broker.router.Router;
import io.osprey.broker.router.Topics;

/**
 * Topic matching with one million subscriptions in the broker's {@link Router}: a fleet of 200,000 devices in 100
 * regions ({@code fleet/r<region>/d<device>/<metric>}) with 70 % exact subscriptions, 15 % {@code +} (any metric of a
 * device, or one metric of a device in any region), 5 % {@code #} (all of a device) and 10 % shared
 * ({@code $share/g<n>/…}). Each routed topic exists in the fleet, so a call looks up the exact map, walks the wildcard
 * trie and delivers to the few matching subscriptions (no-op subscribers; the average per call is printed at
 * setup); a second benchmark routes topics nobody subscribed to.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Dio.netty.leakDetection.level=disabled"})
public class TopicMatchBenchmark {

    static final int SUBSCRIPTIONS = 1_000_000;
    static final int REGIONS = 100;
    static final int DEVICES = 200_000;
    static final String[] METRICS = {"temp", "humidity", "battery", "status", "cmd"};
    private static final int TOPICS = 4096;

    private Router router;
    private Message[] matching;
    private Message[] unmatched;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        router = new Router();
        SplittableRandom random = new SplittableRandom(42);
        SubscriptionOptions options = SubscriptionOptions.ofQos(1);
        NoopSubscriber[] subscribers = new NoopSubscriber[20_000];
        for (int i = 0; i < subscribers.length; i++) {
            subscribers[i] = new NoopSubscriber("client-" + i);
        }
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            int device = random.nextInt(DEVICES);
            String prefix = "fleet/r" + (device % REGIONS) + "/d" + device;
            String metric = METRICS[random.nextInt(METRICS.length)];
            int kind = random.nextInt(100);
            String filter;
            if (kind < 70) {
                filter = prefix + "/" + metric;
            } else if (kind < 80) {
                filter = prefix + "/+";
            } else if (kind < 85) {
                filter = "fleet/+/d" + device + "/" + metric;
            } else if (kind < 90) {
                filter = prefix + "/#";
            } else {
                filter = "$share/g" + (i % 10) + "/" + prefix + "/" + metric;
            }
            router.subscribe(subscribers[i % subscribers.length], Topics.parseFilter(filter), options);
        }
        matching = new Message[TOPICS];
        unmatched = new Message[TOPICS];
        byte[] payload = new byte[64];
        for (int i = 0; i < TOPICS; i++) {
            int device = random.nextInt(DEVICES);
            String topic = "fleet/r" + (device % REGIONS) + "/d" + device + "/" + METRICS[random.nextInt(METRICS.length)];
            matching[i] = Message.builder(topic).payload(payload).qos(1).build();
            unmatched[i] = Message.builder("factory/line" + i + "/sensor").payload(payload).qos(1).build();
        }
        long deliveries = 0;
        for (Message m : matching) {
            deliveries += router.route(m, "publisher", false);
        }
        System.out.printf("%,d subscriptions, %,d routes; %.2f deliveries per routed fleet topic%n",
                router.subscriptionCount(), router.routeCount(), (double) deliveries / TOPICS);
    }

    @Benchmark
    public int routeFleetTopic() {
        Message m = matching[next++ & (TOPICS - 1)];
        return router.route(m, "publisher", false);
    }

    @Benchmark
    public int routeUnsubscribedTopic() {
        Message m = unmatched[next++ & (TOPICS - 1)];
        return router.route(m, "publisher", false);
    }
}
