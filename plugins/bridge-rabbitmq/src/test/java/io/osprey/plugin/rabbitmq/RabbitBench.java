package io.osprey.plugin.rabbitmq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.osprey.bridge.testkit.LoadRun;

/**
 * Not a test: the RabbitMQ bridge's throughput in async and sync mode, and its replay rate after an outage, counted
 * in a RabbitMQ queue bound to the bridge's exchange (a private node, as in {@link RabbitBridgeIT}); the load comes
 * from the repository's load tool ({@code bench pub}, QoS 1).
 * <p>
 * Arguments: {@code <osprey-bench-tool.jar> [publishers=8] [seconds=10]}.
 */
public final class RabbitBench {

    private RabbitBench() {
    }

    public static void main(String[] args) throws Exception {
        Path tool = Path.of(args[0]);
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("rabbit-bench");
        try (TestRabbit rabbit = new TestRabbit(Files.createDirectories(dir.resolve("rabbit")))) {
            String queue = declare(rabbit);
            LongSupplier depth = () -> depth(rabbit, queue);
            for (String mode : new String[] {"async", "sync"}) {
                try (RabbitNode node = new RabbitNode(Files.createDirectories(dir.resolve("osprey-" + mode)),
                        "server", "127.0.0.1:" + rabbit.port(), "produce", mode, "reconnect_interval", "200ms",
                        "hook.message.publish.1", "{\"filter\": \"bench/#\", \"exchange\": \"topic:bench\"}")) {
                    LoadRun.Result r = LoadRun.throughput(tool, node.broker.port(), publishers, seconds, depth);
                    System.out.println("RabbitMQ bridge, produce = " + mode + ": " + r);
                    System.out.println("  load tool: " + r.tool());
                    if (mode.equals("async")) {
                        LoadRun.Result replay = LoadRun.replay(tool, node.broker.port(), publishers, seconds, depth,
                                () -> node.bridge().status().buffer().records(), LoadRun.unchecked(rabbit::stop),
                                LoadRun.unchecked(rabbit::start));
                        System.out.println("RabbitMQ bridge, replay after an outage (RabbitMQ start included): "
                                + replay);
                    }
                }
            }
        }
        System.exit(0);
    }

    private static String declare(TestRabbit rabbit) throws Exception {
        try (Connection c = rabbit.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare("bench", "topic", true);
            ch.queueDeclare("bench", true, false, false, null);
            ch.queueBind("bench", "bench", "#");
            return "bench";
        }
    }

    private static Connection counter;

    private static synchronized long depth(TestRabbit rabbit, String queue) {
        try {
            if (counter == null || !counter.isOpen()) {
                counter = rabbit.factory().newConnection();
            }
            try (Channel ch = counter.createChannel()) {
                return ch.messageCount(queue);
            }
        } catch (Exception e) {
            return -1;
        }
    }
}
