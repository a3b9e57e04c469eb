package io.osprey.plugin.rabbitmq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * A private RabbitMQ node (Debian's {@code rabbitmq-server}, installed by {@code .ci/run}) for one test class: its
 * own node name, data folder, AMQP port, Erlang distribution port and its own {@code epmd} on a free port, so that
 * neither a system RabbitMQ nor another test run can collide with it. No plugins are enabled. It starts in a few
 * seconds; {@link #stop} and {@link #start} again keep its data (durable queues and persistent messages survive).
 */
final class TestRabbit implements AutoCloseable {

    static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

    private final Path dir;
    private final String nodeName = "osprey-test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    private final int amqpPort;
    private final int distPort;
    private final int epmdPort;
    private Process epmd;
    private Process server;

    TestRabbit(Path dir) throws Exception {
        this(dir, "");
    }

    /** @param conf lines of {@code rabbitmq.conf} (e.g. a TLS listener); empty for none */
    TestRabbit(Path dir, String conf) throws Exception {
        this.dir = dir;
        amqpPort = freePort();
        distPort = freePort();
        epmdPort = freePort();
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        Files.writeString(dir.resolve("rabbitmq.conf"), conf);
        start();
    }

    static boolean installed() {
        return Files.isExecutable(SERVER);
    }

    int port() {
        return amqpPort;
    }

    /** Starts the node (and epmd, the first time) and returns once it takes AMQP connections. */
    void start() throws Exception {
        if (epmd == null || !epmd.isAlive()) {
            epmd = new ProcessBuilder("epmd", "-port", Integer.toString(epmdPort), "-address", "127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("epmd.log").toFile()).start();
            waitForPort(epmdPort, 10);
        }
        ProcessBuilder pb = new ProcessBuilder(SERVER.toString());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin", "HOME", dir.toString(), "LANG", "C.UTF-8"));
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        server = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                dir.resolve("server.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("rabbitmq-server exited with " + server.exitValue() + ":\n"
                        + tail(dir.resolve("server.log")));
            }
            try (Connection c = factory().newConnection()) {
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("RabbitMQ did not take connections within 90 s:\n"
                + tail(dir.resolve("server.log")), last);
    }

    /** Stops the node the way an admin does (SIGTERM: a clean shutdown). */
    void stop() throws InterruptedException {
        long t0 = System.nanoTime();
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.out.printf("RabbitMQ stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** A client factory for this node (the default guest user, which RabbitMQ allows on loopback). */
    ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(amqpPort);
        f.setAutomaticRecoveryEnabled(false);
        f.setConnectionTimeout(2000);
        return f;
    }

    @Override
    public void close() throws Exception {
        stop();
        if (epmd != null) {
            epmd.destroy();
            epmd.waitFor(10, TimeUnit.SECONDS);
        }
        keepLogs();
    }

    /** Copies the node's logs to {@code target/rabbitmq-logs/} (the data folder is a temporary one). */
    private void keepLogs() {
        Path to = Path.of("target", "rabbitmq-logs");
        try (var files = Files.walk(dir)) {
            Files.createDirectories(to);
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".log"))::iterator) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the logs are a help, not a result
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after " + seconds + " s");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
