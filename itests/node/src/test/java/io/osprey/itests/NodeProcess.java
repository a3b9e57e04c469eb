package io.osprey.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The assembled node as a separate process, in a private copy of the distribution (so each test class starts from
 * the shipped files, and the copy proves the node runs from any folder). Ports come from the environment overrides
 * and are free ephemeral ports.
 */
final class NodeProcess implements AutoCloseable {

    /** What {@code bin/osprey ctl} printed and its exit status. */
    record Ctl(int exit, String out) {
    }

    private final Path home;
    final int mqttPort;
    final int internalPort;
    final int managementPort;
    final int sslPort;
    final int wsPort;
    final int wssPort;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;
    long startMillis;

    private NodeProcess(Path home) throws IOException {
        this.home = home;
        this.mqttPort = freePort();
        this.internalPort = freePort();
        this.managementPort = freePort();
        this.sslPort = freePort();
        this.wsPort = freePort();
        this.wssPort = freePort();
        env.put("OSPREY_LISTENER_SSL__BIND", "127.0.0.1:" + sslPort);
        env.put("OSPREY_LISTENER_WS__BIND", "127.0.0.1:" + wsPort);
        env.put("OSPREY_LISTENER_WSS__BIND", "127.0.0.1:" + wssPort);
        env.put("OSPREY_LISTENER_TCP__BIND", "127.0.0.1:" + mqttPort);
        env.put("OSPREY_LISTENER_INTERNAL__BIND", "127.0.0.1:" + internalPort);
        env.put("OSPREY_MANAGEMENT__BIND", "127.0.0.1:" + managementPort);
        env.put("JAVA_OPTS", "-Xmx256m -Xms64m -Dosprey.fileinstall.poll=200");
    }

    /** A fresh copy of the distribution under {@code target/nodes/<name>}. */
    static NodeProcess copy(String name) throws IOException {
        Path source = Path.of(System.getProperty("osprey.node.dir"));
        Path target = Path.of("target", "nodes", name + "-" + System.nanoTime()).toAbsolutePath();
        copyTree(source, target);
        return new NodeProcess(target);
    }

    Path home() {
        return home;
    }

    Map<String, String> env() {
        return env;
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** Starts {@code bin/osprey console} and waits for "is running now!". */
    NodeProcess start() throws Exception {
        output.clear();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/osprey").toString(), "console");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        startMillis = System.currentTimeMillis();
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (output.stream().anyMatch(l -> l.contains("is running now!"))) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + String.join("\n",
                        output));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("node did not start:\n" + String.join("\n", output));
    }

    /** Runs {@code bin/osprey console} expecting it to fail; returns its exit status. */
    int startExpectingFailure() throws Exception {
        output.clear();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/osprey").toString(), "console");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        output.addAll(List.of(all.split("\n")));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("node did not exit");
        }
        return p.exitValue();
    }

    List<String> output() {
        return output;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Resident memory of the node in kB (Linux). */
    long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    Ctl ctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/osprey").toString());
        cmd.add("ctl");
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs {@code bin/osprey <args>} (start, stop, status…). */
    Ctl osprey(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/osprey").toString());
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private Ctl run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("command timed out: " + cmd);
        }
        return new Ctl(p.exitValue(), out);
    }

    /** SIGTERM (graceful stop) and wait. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    String log() throws IOException {
        Path log = home.resolve("log/osprey.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Ports handed out in this JVM: the OS may offer a port it just gave for a probe that was closed again. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A free ephemeral port, never one this JVM handed out before (a node binds several at once). */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                s.setReuseAddress(true);
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals("cache")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(source.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
