package io.osprey.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code bin/osprey console|start} end up here: boot the node in the foreground. Prints one line when the node is
 * running, or the one-line cause when it cannot start (then exits with status 1).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("osprey.home", ".")).toAbsolutePath().normalize();
        String version = version();
        // a few libraries log through java.util.logging at INFO; only their warnings matter
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        LoggingExports.initInBackground();
        Node node = new Node(home, version);
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "osprey-shutdown"));
        try {
            node.start();
        } catch (NodeException e) {
            System.err.println(e.getMessage());
            node.stop();
            System.exit(1);
            return;
        }
        System.out.println("Osprey " + version + " is running now!");
        System.out.flush();
        int code = node.awaitStop();
        System.exit(code);
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/io/osprey/launcher/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** Writes the pid so that {@code bin/osprey stop|status} find this process. */
    static void writePid(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("osprey.pid"), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            System.err.println("Warning: could not write " + dataDir.resolve("osprey.pid") + ": " + e.getMessage());
        }
    }
}
