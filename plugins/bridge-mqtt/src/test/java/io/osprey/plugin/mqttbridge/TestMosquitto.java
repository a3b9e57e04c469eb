package io.osprey.plugin.mqttbridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto (Debian's {@code mosquitto}, installed by {@code .ci/run}) on a free loopback port with a
 * configuration the test writes, started and stopped by the test. Its persistence file lives in the test's folder,
 * so a {@link #stop} and {@link #start} keep persistent sessions and their queued messages.
 */
final class TestMosquitto implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final String extra;
    private Process process;

    /** @param extra configuration lines after the listener's (TLS files, bridge connections, …) */
    TestMosquitto(Path dir, String extra) throws Exception {
        this(dir, freePort(), extra);
    }

    TestMosquitto(Path dir, int port, String extra) throws Exception {
        this.dir = dir;
        this.port = port;
        this.extra = extra;
        Files.createDirectories(dir);
        start();
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto"));
    }

    int port() {
        return port;
    }

    void start() throws Exception {
        Path conf = dir.resolve("mosquitto.conf");
        // as root, mosquitto drops to the user 'mosquitto', who cannot read the test's folder: stay who we are
        Files.writeString(conf, "user " + System.getProperty("user.name") + "\n"
                + "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\n"
                + "persistence true\n"
                + "persistence_location " + dir + "/\n"
                + "log_dest file " + dir.resolve("mosquitto.log") + "\n"
                + "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
                + "max_queued_messages 100000\n"
                + extra);
        process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.log")) + log());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 20 s: " + log());
    }

    /** Stops it as an admin does (SIGTERM: sessions are saved). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
