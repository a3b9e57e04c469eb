package io.osprey.backend.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the tests' private database servers share: free loopback ports, finding a binary, running a command (as an
 * unprivileged user when the tests run as root and the server refuses root, as PostgreSQL does), throwaway folders.
 */
public final class ServerProcesses {

    private ServerProcesses() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The first executable of {@code names} in {@code dirs}, then on PATH.
     *
     * @param install the Debian package that has it, for the error message
     */
    public static String find(String install, List<String> dirs, String... names) {
        List<String> all = new ArrayList<>(dirs);
        all.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        all.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin"));
        for (String name : names) {
            for (String d : all) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                    return Path.of(d, name).toString();
                }
            }
        }
        throw new IllegalStateException(String.join(" / ", names) + " not found: these tests start their own private "
                + "server and need its binary. Install Debian's package: apt-get install -y " + install
                + " (the system service is not used)");
    }

    /** {@code cmd}, run as {@code user} through {@code runuser} when the tests run as root, else as it is. */
    public static List<String> asUser(String user, List<String> cmd) {
        if (!isRoot() || user == null) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        out.addAll(cmd);
        return out;
    }

    /** Runs a command to its end; fails with its output when it exits with an error. */
    public static void run(List<String> cmd, Path log, long timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed with " + p.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }

    /** Gives {@code dir} (recursively) to {@code user} when running as root. */
    public static void chown(String user, Path dir) throws Exception {
        if (isRoot() && user != null) {
            run(List.of("chown", "-R", user, dir.toString()), Files.createTempFile("chown", ".log"), 30);
        }
    }

    public static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }

    /** The last {@code max} characters of a log file, for failure messages. */
    public static String tail(Path log, int max) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "(no log " + log + ")";
            return text.length() > max ? text.substring(text.length() - max) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
