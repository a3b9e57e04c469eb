package io.osprey.plugin.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.osprey.backend.testing.ServerProcesses;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A private {@code redis-server} (Debian's Redis 7) for one test class, on a free loopback port with a throwaway
 * folder, no persistence ({@code --save ''}): no system service is used. Extra options make it a password-protected,
 * TLS, cluster or sentinel node. Register with {@code @RegisterExtension static RedisServer redis = new RedisServer();}.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

    private final List<String> options;
    private Path dir;
    private int port;
    private Process process;
    private String password;

    public RedisServer() {
        this(List.of());
    }

    /** A server with more {@code redis-server} options, e.g. {@code --requirepass secret}. */
    public RedisServer(List<String> options) {
        this.options = List.copyOf(options);
        int i = options.indexOf("--requirepass");
        this.password = i >= 0 ? options.get(i + 1) : null;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public synchronized void start() throws Exception {
        if (process != null) {
            return;
        }
        dir = Files.createTempDirectory("osprey-redis-");
        port = ServerProcesses.freePort();
        launch();
    }

    private void launch() throws Exception {
        String server = ServerProcesses.find("redis-server", List.of(), "redis-server");
        List<String> cmd = new ArrayList<>(List.of(server, "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", dir.resolve("redis.log")
                        .toString()));
        if (options.contains("--tls-port")) {
            cmd.addAll(List.of("--port", "0"));
            List<String> o = new ArrayList<>(options);
            o.set(o.indexOf("--tls-port") + 1, String.valueOf(port));
            cmd.addAll(o);
        } else {
            cmd.addAll(List.of("--port", String.valueOf(port)));
            cmd.addAll(options);
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!options.contains("--tls-port") && !ping()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("redis-server did not start on " + port + ":\n"
                        + ServerProcesses.tail(dir.resolve("redis.log"), 3000)
                        + ServerProcesses.tail(dir.resolve("stdout.log"), 2000));
            }
            Thread.sleep(20);
        }
        while (options.contains("--tls-port") && !ServerProcesses.tail(dir.resolve("redis.log"), 100_000)
                .contains("Ready to accept connections")) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("redis-server (TLS) did not start on " + port + ":\n"
                        + ServerProcesses.tail(dir.resolve("redis.log"), 3000));
            }
            Thread.sleep(20);
        }
    }

    private boolean ping() {
        try (Jedis j = jedis()) {
            return "PONG".equals(j.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A plain connection to this server (database 0), with its password. */
    public Jedis jedis() {
        DefaultJedisClientConfig.Builder c = DefaultJedisClientConfig.builder().connectionTimeoutMillis(1000)
                .socketTimeoutMillis(5000);
        if (password != null) {
            c.password(password);
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), c.build());
    }

    /** Kills the server (SIGKILL): a crash; what it held is gone (no persistence). */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the killed server again on the same port. */
    public synchronized void restart() throws Exception {
        kill();
        launch();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public synchronized void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ServerProcesses.deleteTree(dir);
    }
}
