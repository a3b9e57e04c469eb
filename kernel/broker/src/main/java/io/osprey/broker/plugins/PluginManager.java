package io.osprey.broker.plugins;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of a node: the bundles Felix FileInstall installs from {@code plugins/}. FileInstall only installs
 * and updates them; this class starts them, except those an admin unloaded — that choice is kept in
 * {@code data/plugins.unloaded} so it survives restarts (the bundle cache does not). A plugin that fails to resolve
 * or start, and a jar that is not a bundle at all, is listed as {@code failed} with the reason; the node keeps
 * running either way.
 */
public final class PluginManager implements BundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);

    /** The manifest header that names a plugin. */
    public static final String HEADER = "Osprey-Plugin";

    private final BundleContext context;
    private final Path pluginsDir;
    private final Path stateFile;
    private final Set<String> unloaded = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> failures = new ConcurrentHashMap<>();

    public PluginManager(BundleContext context, Path pluginsDir, Path dataDir) {
        this.context = context;
        this.pluginsDir = pluginsDir.toAbsolutePath().normalize();
        this.stateFile = dataDir.resolve("plugins.unloaded");
    }

    public void open() {
        readState();
        context.addBundleListener(this);
        for (Bundle b : context.getBundles()) {
            if (isPlugin(b)) {
                ensureStarted(b);
            }
        }
    }

    public void close() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (!isPlugin(b)) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UPDATED -> {
                failures.remove(b.getBundleId());
                ensureStarted(b);
            }
            case BundleEvent.UNINSTALLED -> {
                failures.remove(b.getBundleId());
                LOG.info("Plugin {} removed", name(b));
            }
            default -> {
            }
        }
    }

    private void ensureStarted(Bundle b) {
        String name = name(b);
        if (unloaded.contains(name) || b.getState() == Bundle.ACTIVE || isFragment(b)) {
            return;
        }
        try {
            b.start();
            failures.remove(b.getBundleId());
            LOG.info("Plugin {} {} loaded", name, b.getVersion());
        } catch (BundleException | RuntimeException e) {
            failures.put(b.getBundleId(), oneLine(e));
            LOG.error("Plugin {} failed to load: {}", name, oneLine(e));
        }
    }

    // ---- admin operations ----------------------------------------------------------------------------------

    public List<PluginInfo> list() {
        List<PluginInfo> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            if (!isPlugin(b)) {
                continue;
            }
            Path file = fileOf(b);
            if (file != null) {
                seen.add(file);
            }
            out.add(new PluginInfo(name(b), b.getVersion().toString(), state(b),
                    b.getHeaders("").get("Bundle-Description"), failures.get(b.getBundleId()),
                    file == null ? b.getLocation() : file.getFileName().toString()));
        }
        for (Path jar : jars()) {
            if (!seen.contains(jar)) {
                out.add(new PluginInfo(jarName(jar), "", "failed", null, whyNotInstalled(jar),
                        jar.getFileName().toString()));
            }
        }
        out.sort(Comparator.comparing(PluginInfo::name));
        return out;
    }

    public PluginInfo find(String name) {
        return list().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** Starts a plugin and remembers that it is wanted. @throws PluginException if unknown or it fails */
    public PluginInfo load(String name) throws PluginException {
        Bundle b = bundle(name);
        unloaded.remove(name);
        writeState();
        try {
            b.start();
            failures.remove(b.getBundleId());
            LOG.info("Plugin {} loaded", name);
        } catch (BundleException | RuntimeException e) {
            failures.put(b.getBundleId(), oneLine(e));
            throw new PluginException("Plugin " + name + " failed to load: " + oneLine(e));
        }
        return find(name);
    }

    /** Stops a plugin, keeps its jar, and remembers across restarts that it is unloaded. */
    public PluginInfo unload(String name) throws PluginException {
        Bundle b = bundle(name);
        unloaded.add(name);
        writeState();
        try {
            b.stop();
            LOG.info("Plugin {} unloaded", name);
        } catch (BundleException e) {
            throw new PluginException("Plugin " + name + " failed to stop: " + oneLine(e));
        }
        return find(name);
    }

    /** Re-reads the plugin's jar and restarts it (new code and configuration). */
    public PluginInfo reload(String name) throws PluginException {
        Bundle b = bundle(name);
        try {
            b.stop();
            b.update();
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            wiring.refreshBundles(List.of(b));
            unloaded.remove(name);
            writeState();
            b.start();
            failures.remove(b.getBundleId());
            LOG.info("Plugin {} reloaded", name);
        } catch (BundleException | RuntimeException e) {
            failures.put(b.getBundleId(), oneLine(e));
            throw new PluginException("Plugin " + name + " failed to reload: " + oneLine(e));
        }
        return find(name);
    }

    private Bundle bundle(String name) throws PluginException {
        for (Bundle b : context.getBundles()) {
            if (isPlugin(b) && name(b).equals(name)) {
                return b;
            }
        }
        PluginInfo broken = find(name);
        if (broken != null) {
            throw new PluginException("Plugin " + name + " cannot be loaded: " + broken.reason());
        }
        throw new PluginException("Plugin " + name + " not found");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private String state(Bundle b) {
        if (b.getState() == Bundle.ACTIVE) {
            return "loaded";
        }
        if (failures.containsKey(b.getBundleId())) {
            return "failed";
        }
        return "unloaded";
    }

    /** A plugin is a bundle installed from {@code plugins/}, or one that names itself with the header. */
    public boolean isPlugin(Bundle b) {
        if (b.getBundleId() == 0) {
            return false;
        }
        Path f = fileOf(b);
        return (f != null && f.startsWith(pluginsDir)) || b.getHeaders("").get(HEADER) != null;
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders("").get("Fragment-Host") != null;
    }

    public static String name(Bundle b) {
        String n = b.getHeaders("").get(HEADER);
        return n != null ? n.trim() : b.getSymbolicName();
    }

    private static Path fileOf(Bundle b) {
        String loc = b.getLocation();
        try {
            if (loc.startsWith("file:")) {
                return Path.of(URI.create(loc.replace(" ", "%20"))).toAbsolutePath().normalize();
            }
            if (loc.startsWith("/")) {
                return Path.of(loc).toAbsolutePath().normalize();
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private List<Path> jars() {
        if (!Files.isDirectory(pluginsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(pluginsDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).map(p -> p.toAbsolutePath().normalize())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String jarName(Path jar) {
        String n = jar.getFileName().toString();
        try (JarFile j = new JarFile(jar.toFile())) {
            if (j.getManifest() != null) {
                String h = j.getManifest().getMainAttributes().getValue(HEADER);
                if (h != null) {
                    return h.trim();
                }
            }
        } catch (IOException e) {
            // not a jar: fall back to the file name
        }
        return n.substring(0, n.length() - 4);
    }

    private static String whyNotInstalled(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            if (j.getManifest() == null || j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "not an OSGi bundle (no Bundle-SymbolicName in its manifest)";
            }
            return "could not be installed (see log/osprey.log)";
        } catch (IOException e) {
            return "not a valid jar file: " + e.getMessage();
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    private void readState() {
        try {
            if (Files.exists(stateFile)) {
                for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        unloaded.add(line.trim());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not read {}: {}", stateFile, e.toString());
        }
    }

    private synchronized void writeState() {
        try {
            Files.createDirectories(stateFile.getParent());
            StringBuilder b = new StringBuilder("# plugins unloaded with 'ctl plugins unload'; they stay unloaded\n");
            new TreeSet<>(unloaded).forEach(n -> b.append(n).append('\n'));
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not write {}: {}", stateFile, e.toString());
        }
    }
}
