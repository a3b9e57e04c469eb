package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The plugins folder of a running node: drop a jar in (installed and started), replace it (updated in place,
 * clients stay connected), delete it (gone); {@code ctl plugins unload/load} survive a restart; a broken jar is
 * reported and the node keeps serving. Uses the sample plugin {@code hello}, which publishes
 * {@code "<greeting> <clientid>"} on {@code hello/connected} from its {@code client.connected} hook.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginHotDeployIT {

    static NodeProcess node;
    static Mqtt.Client watcher;
    static Path helloJar = Path.of(System.getProperty("osprey.hello.jar"));

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("hotdeploy").start();
        watcher = Mqtt.connect(node.mqttUri(), "watcher");
        watcher.paho.subscribe("hello/connected", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        watcher.close();
        node.close();
    }

    private Path plugin() {
        return node.home().resolve("plugins/hello.jar");
    }

    /** Connects a client and returns what the hello hook published for it (or null within the wait). */
    private static String greet(String clientId, long seconds) throws Exception {
        watcher.inbox.clear();
        try (var c = Mqtt.connect(node.mqttUri(), clientId)) {
            return watcher.next(seconds);
        }
    }

    @Test
    @Order(1)
    void droppedJar_isInstalledAndItsHookFires() throws Exception {
        assertThat(greet("before", 1)).isNull();
        long dropped = System.currentTimeMillis();
        Files.copy(helloJar, plugin(), StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> node.output().stream().anyMatch(l -> l.contains("Plugin hello") && l.contains("loaded")));
        System.out.printf("[measure] hello.jar dropped -> plugin loaded and hooked: %d ms%n",
                System.currentTimeMillis() - dropped);
        assertThat(greet("c1", 5)).isEqualTo("Hello c1");
        NodeProcess.Ctl list = node.ctl("plugins", "list");
        assertThat(list.out()).containsPattern("hello\\s+0\\.1\\.0\\S*\\s+loaded\\s+Sample plugin");
    }

    @Test
    @Order(2)
    void replacedJar_isUpdatedInPlace_andConnectedClientsStayConnected() throws Exception {
        try (var bystander = Mqtt.connect(node.mqttUri(), "bystander")) {
            Path changed = Files.createTempFile("hello-bonjour", ".jar");
            rewriteManifest(helloJar, changed, "Bonjour", "0.1.1");
            Files.copy(changed, plugin(), StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "Bonjour c2".equals(greet("c2", 1)));
            assertThat(bystander.paho.isConnected()).isTrue();
            assertThat(bystander.lost).isNull();
            assertThat(node.ctl("plugins", "list").out()).contains("0.1.1");
        }
    }

    @Test
    @Order(3)
    void deletedJar_isUninstalled_andItsHookIsGone() throws Exception {
        Files.delete(plugin());
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.ctl("plugins", "list").out().contains("hello"));
        assertThat(greet("c3", 1)).isNull();
    }

    @Test
    @Order(4)
    void unloadAndLoad_surviveRestarts() throws Exception {
        Files.copy(helloJar, plugin(), StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.ctl("plugins", "list").out().contains("loaded"));
        NodeProcess.Ctl unload = node.ctl("plugins", "unload", "hello");
        assertThat(unload.exit()).as(unload.out()).isZero();
        assertThat(greet("c4", 1)).isNull();

        restart();
        assertThat(node.ctl("plugins", "list").out()).containsPattern("hello\\s+\\S+\\s+unloaded");
        assertThat(greet("c5", 1)).isNull();

        NodeProcess.Ctl load = node.ctl("plugins", "load", "hello");
        assertThat(load.exit()).as(load.out()).isZero();
        assertThat(greet("c6", 5)).isEqualTo("Hello c6");

        restart();
        assertThat(node.ctl("plugins", "list").out()).containsPattern("hello\\s+\\S+\\s+loaded");
        assertThat(greet("c7", 5)).isEqualTo("Hello c7");
    }

    @Test
    @Order(5)
    void brokenJar_isListedAsFailedWithItsReason_andTheNodeKeepsServing() throws Exception {
        Files.writeString(node.home().resolve("plugins/broken.jar"), "this is not a jar");
        Path unresolvable = node.home().resolve("plugins/needs-missing.jar");
        writeBundle(unresolvable, "needs-missing", "org.example.missing.api");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String out = node.ctl("plugins", "list").out();
            return out.contains("broken") && out.contains("needs-missing") && out.contains("org.example.missing.api");
        });
        String out = node.ctl("plugins", "list").out();
        assertThat(out).containsPattern("broken\\s+failed\\s+not a valid jar file");
        assertThat(out).containsPattern("needs-missing\\s+\\S+\\s+failed\\s+.*org\\.example\\.missing\\.api");
        try (var sub = Mqtt.connect(node.mqttUri(), "still-sub"); var pub = Mqtt.connect(node.mqttUri(), "still-pub")) {
            sub.paho.subscribe("still/serving", 1);
            pub.publish("still/serving", "yes", 1);
            assertThat(sub.next(5)).isEqualTo("yes");
        }
    }

    private static void restart() throws Exception {
        watcher.close();
        node.stop();
        node.start();
        watcher = Mqtt.connect(node.mqttUri(), "watcher");
        watcher.paho.subscribe("hello/connected", 0);
    }

    /** A "changed build" of hello: same classes, another greeting and a higher version in its manifest. */
    static void rewriteManifest(Path source, Path target, String greeting, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            Manifest m = in.getManifest();
            m.getMainAttributes().put(new Attributes.Name("Hello-Greeting"), greeting);
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), m)) {
                copyEntries(in, out);
            }
        }
    }

    /** A bundle that names itself a plugin and imports a package nobody exports. */
    static void writeBundle(Path target, String name, String missingPackage) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(new Attributes.Name("Bundle-ManifestVersion"), "2");
        a.put(new Attributes.Name("Bundle-SymbolicName"), "test." + name);
        a.put(new Attributes.Name("Bundle-Version"), "1.0.0");
        a.put(new Attributes.Name("Osprey-Plugin"), name);
        a.put(new Attributes.Name("Import-Package"), missingPackage);
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(target), m)) {
            out.flush();
        }
    }

    private static void copyEntries(JarInputStream in, JarOutputStream out) throws IOException {
        JarEntry e;
        byte[] buf = new byte[8192];
        while ((e = in.getNextJarEntry()) != null) {
            out.putNextEntry(new JarEntry(e.getName()));
            InputStream src = in;
            int n;
            while ((n = src.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            out.closeEntry();
        }
    }
}
