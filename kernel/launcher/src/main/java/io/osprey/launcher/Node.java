package io.osprey.launcher;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * One node: an Apache Felix framework with its bundle cache under {@code data/cache}, the bundles of
 * {@code system/<level>/} installed at that start level, and Felix FileInstall watching {@code etc/} (configuration)
 * and {@code plugins/} (hot deploy).
 * <p>
 * Start levels: 2 OSGi service APIs and ConfigAdmin, 3 SCR, FileInstall (its first scan of {@code etc/} runs before the kernel starts), Netty, Jackson and
 * the API, 4 the kernel, 5 plugins. {@code system/lib/} holds libraries that are installed but not started (they
 * are resolved when a bundle imports them). Logging (SLF4J, Logback) is not a bundle: see {@link LoggingExports}.
 */
final class Node {

    static final int PLUGIN_LEVEL = 5;
    static final int LIBRARY_LEVEL = 3;
    static final int FINAL_LEVEL = 10;
    private static final long START_TIMEOUT_MS = Long.getLong("osprey.start.timeout", 60_000);

    private final Path home;
    private final String version;
    private volatile Framework framework;
    private String loggingExports;

    Node(Path home, String version) {
        this.home = home;
        this.version = version;
    }

    void start() throws NodeException {
        Path system = home.resolve("system");
        if (!Files.isDirectory(system)) {
            throw new NodeException("Cannot start: " + system + " is missing (is OSPREY_HOME right?)");
        }
        Path data = home.resolve("data");
        try {
            Files.createDirectories(data);
            Files.createDirectories(home.resolve("log"));
            Files.createDirectories(home.resolve("plugins"));
            Files.createDirectories(home.resolve("etc"));
        } catch (IOException e) {
            throw new NodeException("Cannot start: cannot create folders under " + home + ": " + e.getMessage());
        }
        Main.writePid(data);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        try {
            loggingExports = LoggingExports.exports();
        } catch (IOException e) {
            throw new NodeException("Cannot start: the logging libraries are missing from system/boot: "
                    + e.getMessage());
        }
        framework = factory.newFramework(frameworkProperties());
        try {
            framework.init();
            installSystemBundles(framework.getBundleContext(), system);
            framework.start();
        } catch (BundleException e) {
            throw new NodeException("Cannot start the OSGi framework: " + e.getMessage());
        }
        writeCacheOwner(data.resolve("cache"));
        awaitReady(framework.getBundleContext());
    }

    private Map<String, String> frameworkProperties() {
        Map<String, String> p = new HashMap<>();
        Path cache = home.resolve("data").resolve("cache");
        p.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, loggingExports);
        // The bundle cache is kept across restarts (a restart does not unpack every jar again), unless the node
        // was moved or copied: bundle locations are file URLs of the folder the cache was made in.
        if (!home.toString().equals(readCacheOwner(cache))) {
            p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(FINAL_LEVEL));
        p.put("felix.fileinstall.dir", home.resolve("etc") + "," + home.resolve("plugins"));
        p.put("felix.fileinstall.poll", System.getProperty("osprey.fileinstall.poll", "500"));
        p.put("felix.fileinstall.noInitialDelay", "true");
        // FileInstall installs and updates plugins; the kernel starts them unless an admin unloaded them
        p.put("felix.fileinstall.bundles.new.start", "false");
        p.put("felix.fileinstall.start.level", Integer.toString(PLUGIN_LEVEL));
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config|jar)");
        p.put("felix.fileinstall.tmpdir", home.resolve("data").resolve("tmp").toString());
        p.put("felix.log.level", "1");
        return p;
    }

    /**
     * Brings the cache in line with {@code system/}: installs {@code system/<n>/*.jar} at start level n, updates a
     * bundle whose jar changed since it was installed, uninstalls one whose jar is gone, and marks non-fragments
     * for start. Plugins (installed by FileInstall from {@code plugins/}) are not touched.
     */
    private static void installSystemBundles(BundleContext context, Path system) throws NodeException {
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            installed.put(b.getLocation(), b);
        }
        String systemPrefix = system.toUri().toString();
        Path stampsFile = system.getParent().resolve("data").resolve("cache").resolve("osprey.system.stamps");
        Properties stamps = new Properties();
        try (Reader r = Files.newBufferedReader(stampsFile)) {
            stamps.load(r);
        } catch (IOException e) {
            // first start with this cache: every system bundle is installed fresh
        }
        Properties newStamps = new Properties();
        List<Bundle> toStart = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (int level = 0; level < PLUGIN_LEVEL; level++) {
            // level 0 stands for system/lib: libraries, installed at level 3 and never started
            boolean library = level == 0;
            Path dir = system.resolve(library ? "lib" : Integer.toString(level));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path jar : jars(dir)) {
                String location = jar.toUri().toString();
                present.add(location);
                try {
                    String stamp = Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis();
                    newStamps.setProperty(location, stamp);
                    Bundle b = installed.get(location);
                    if (b == null) {
                        b = context.installBundle(location);
                    } else if (!stamp.equals(stamps.getProperty(location))) {
                        b.update(); // another jar under the same name: the node was upgraded
                    }
                    b.adapt(BundleStartLevel.class).setStartLevel(library ? LIBRARY_LEVEL : level);
                    if (!library && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                        toStart.add(b);
                    }
                } catch (BundleException | IOException e) {
                    throw new NodeException("Cannot install " + jar + ": " + e.getMessage());
                }
            }
        }
        for (Map.Entry<String, Bundle> e : installed.entrySet()) {
            if (e.getKey().startsWith(systemPrefix) && !present.contains(e.getKey())) {
                try {
                    e.getValue().uninstall(); // its jar was removed from system/
                } catch (BundleException ex) {
                    throw new NodeException("Cannot uninstall " + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        try (Writer w = Files.newBufferedWriter(stampsFile)) {
            newStamps.store(w, "size/mtime of each system bundle's jar when it was installed");
        } catch (IOException e) {
            // next start updates every system bundle: slower, not wrong
        }
        for (Bundle b : toStart) {
            try {
                b.start();
            } catch (BundleException e) {
                throw new NodeException("Cannot start " + b.getSymbolicName() + ": " + e.getMessage());
            }
        }
    }

    private static final String CACHE_OWNER = "osprey.home";

    /** The node folder the bundle cache was made for, or {@code null}. */
    private static String readCacheOwner(Path cache) {
        try {
            return Files.readString(cache.resolve(CACHE_OWNER)).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private void writeCacheOwner(Path cache) {
        try {
            Files.writeString(cache.resolve(CACHE_OWNER), home.toString());
        } catch (IOException e) {
            // next start cleans the cache: slower, not wrong
        }
    }

    private static List<Path> jars(Path dir) throws NodeException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new NodeException("Cannot read " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Waits until the broker, the management API and every listener configured in {@code etc/} report; fails with
     * their one-line error if one could not start.
     */
    private void awaitReady(BundleContext context) throws NodeException {
        TreeSet<String> expected = expectedListeners();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            List<String> errors = new ArrayList<>();
            boolean broker = !refs(context, "(osprey.broker.status=running)").isEmpty();
            boolean management = !Files.exists(home.resolve("etc").resolve("osprey.management.cfg"));
            for (ServiceReference<?> r : refs(context, "(osprey.management.status=*)")) {
                if ("failed".equals(r.getProperty("osprey.management.status"))) {
                    errors.add(String.valueOf(r.getProperty("osprey.management.error")));
                }
                management = true;
            }
            TreeSet<String> reported = new TreeSet<>();
            for (ServiceReference<?> r : refs(context, "(osprey.listener.status=*)")) {
                reported.add(String.valueOf(r.getProperty("osprey.listener")));
                if ("failed".equals(r.getProperty("osprey.listener.status"))) {
                    errors.add(String.valueOf(r.getProperty("osprey.listener.error")));
                }
            }
            if (!errors.isEmpty()) {
                throw new NodeException(String.join("\n", errors));
            }
            if (broker && management && reported.containsAll(expected)) {
                return;
            }
            if (framework.getState() != Bundle.ACTIVE && framework.getState() != Bundle.STARTING) {
                throw new NodeException("The OSGi framework stopped during start-up (see log/osprey.log)");
            }
            sleep(5); // a few registry look-ups; at 20 ms "running now" came 10 ms late on average
        }
        throw new NodeException("The node did not start within " + START_TIMEOUT_MS / 1000
                + " s: broker, management API or listeners " + expected + " did not report (see log/osprey.log)");
    }

    /** Listener names from {@code etc/osprey.listener-<name>.cfg}. */
    private TreeSet<String> expectedListeners() {
        TreeSet<String> names = new TreeSet<>();
        File[] files = home.resolve("etc").toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                String n = f.getName();
                if (n.startsWith("osprey.listener-") && n.endsWith(".cfg")) {
                    names.add(n.substring("osprey.listener-".length(), n.length() - 4));
                }
            }
        }
        return names;
    }

    private static List<ServiceReference<?>> refs(BundleContext context, String filter) {
        try {
            ServiceReference<?>[] r = context.getServiceReferences((String) null, filter);
            return r == null ? List.of() : List.of(r);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Blocks until the framework stops. @return the process exit status */
    int awaitStop() {
        try {
            FrameworkEvent e = framework.waitForStop(0);
            return e.getType() == FrameworkEvent.ERROR ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Graceful stop: bundles stop in reverse start level order; MQTT 5 clients get DISCONNECT 0x8B. */
    void stop() {
        Framework f = framework;
        if (f == null || f.getState() != Bundle.ACTIVE && f.getState() != Bundle.STARTING) {
            return;
        }
        try {
            f.stop();
            f.waitForStop(30_000);
        } catch (BundleException | InterruptedException e) {
            System.err.println("Stopping the node failed: " + e.getMessage());
        }
        try {
            Files.deleteIfExists(home.resolve("data").resolve("osprey.pid"));
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String version() {
        return version;
    }
}
