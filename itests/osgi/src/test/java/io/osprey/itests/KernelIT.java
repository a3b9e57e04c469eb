package io.osprey.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.inject.Inject;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandResult;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Felix boots with the distribution's own bundles (system/2..4 at their start levels, system/lib installed; logging
 * exported by the system bundle, as the launcher does) and the
 * sample plugin; a real
 * MQTT client connects over TCP; the plugin's {@code client.connected} hook fires; stopping the plugin removes it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KernelIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        // the native container runs in this JVM: keep java.util.logging users (Paho) quiet
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path node = Path.of(System.getProperty("osprey.node.dir"));
        Path home = Files.createTempDirectory(Path.of("target"), "osgi-home").toAbsolutePath();
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("plugins"));
        Files.writeString(home.resolve("etc/osprey.broker.cfg"), "node.name = paxexam@127.0.0.1\n");
        Files.writeString(home.resolve("etc/osprey.listener-tcp.cfg"), "bind = 127.0.0.1:0\n");
        Files.writeString(home.resolve("etc/osprey.management.cfg"), "bind = 127.0.0.1:0\n");
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        options.add(frameworkStartLevel(10));
        options.add(systemPackages(io.osprey.launcher.LoggingExports.exports()));
        options.add(systemProperty("osprey.home").value(home.toString()));
        // Pax Exam's pax-logging-api prints what bundles log through its own APIs (Paho's java.util.logging) at DEBUG
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("etc").toString()));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.cfg"));
        for (int level = 1; level <= 4; level++) {
            if (!Files.isDirectory(node.resolve("system").resolve(Integer.toString(level)))) {
                continue;
            }
            try (Stream<Path> jars = Files.list(node.resolve("system").resolve(Integer.toString(level)))) {
                for (Path jar : jars.sorted().toList()) {
                    options.add(bundle(jar.toUri().toString()).startLevel(level).start(!isFragment(jar)));
                }
            }
        }
        // libraries (system/lib) are installed but not started, as the launcher does
        try (Stream<Path> jars = Files.list(node.resolve("system").resolve("lib"))) {
            for (Path jar : jars.sorted().toList()) {
                options.add(bundle(jar.toUri().toString()).startLevel(3).start(false));
            }
        }
        options.add(bundle(Path.of(System.getProperty("osprey.paho.jar")).toUri().toString()).startLevel(4));
        options.add(bundle(Path.of(System.getProperty("osprey.hello.jar")).toUri().toString()).startLevel(5));
        options.add(junitBundles());
        return options.toArray(new Option[0]);
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    @Test
    public void clientConnects_helloHookFires_andStoppingThePluginRemovesTheHook() throws Exception {
        int port = awaitListenerPort();
        Bundle hello = installed("io.osprey.plugin.hello");
        assertEquals(Bundle.ACTIVE, hello.getState());
        Command helloCommand = awaitCommand("hello", true);
        long before = connections(helloCommand);

        BlockingQueue<String> greetings = new LinkedBlockingQueue<>();
        MqttClient watcher = connect(port, "watcher");
        watcher.subscribe("hello/connected", 0,
                (topic, msg) -> greetings.add(new String(msg.getPayload(), StandardCharsets.UTF_8)));
        connect(port, "device-1").disconnect();
        assertEquals("Hello device-1", greetings.poll(10, TimeUnit.SECONDS));
        assertTrue(connections(helloCommand) >= before + 1);
        assertTrue(hooksOf("hello").contains("client.connected"));

        hello.stop();
        assertNull("hello's command must go with it", awaitCommand("hello", false));
        assertFalse(hooksOf("hello").contains("client.connected"));
        greetings.clear();
        connect(port, "device-2").disconnect();
        assertNull("no hook may fire after the plugin stopped", greetings.poll(1, TimeUnit.SECONDS));

        hello.start();
        assertNotNull(awaitCommand("hello", true));
        connect(port, "device-3").disconnect();
        assertEquals("Hello device-3", greetings.poll(10, TimeUnit.SECONDS));
        watcher.disconnect();
    }

    /**
     * The codecs the Kafka bridge compresses with are separate bundles in system/lib, imported optionally: a codec
     * bundle whose manifest exports nothing would leave the import unwired, and the bridge would fail only when a
     * producer first compresses. Checks the wiring, then compresses and decompresses through the bridge's class loader.
     */
    @Test
    public void bridgeKafka_wiresTheCompressionCodecsOfSystemLib() throws Exception {
        Path node = Path.of(System.getProperty("osprey.node.dir"));
        Bundle bridge = context.installBundle(node.resolve("plugins/bridge-kafka.jar").toUri().toString());
        try {
            assertTrue("bridge-kafka resolves",
                    context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(bridge)));
            Map<String, String> providers = new HashMap<>();
            for (BundleWire w : bridge.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                providers.put((String) w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                        w.getProvider().getSymbolicName());
            }
            assertEquals("lz4-java", providers.get("net.jpountz.lz4"));
            assertEquals("org.xerial.snappy.snappy-java", providers.get("org.xerial.snappy"));
            assertEquals("com.github.luben.zstd-jni", providers.get("com.github.luben.zstd"));

            byte[] data = "osprey ".repeat(200).getBytes(StandardCharsets.UTF_8);
            Class<?> factoryType = bridge.loadClass("net.jpountz.lz4.LZ4Factory");
            Object factory = factoryType.getMethod("fastestInstance").invoke(null);
            Object compressor = factoryType.getMethod("fastCompressor").invoke(factory);
            byte[] lz4 = (byte[]) bridge.loadClass("net.jpountz.lz4.LZ4Compressor")
                    .getMethod("compress", byte[].class).invoke(compressor, data);
            Object decompressor = factoryType.getMethod("safeDecompressor").invoke(factory);
            byte[] back = (byte[]) bridge.loadClass("net.jpountz.lz4.LZ4SafeDecompressor")
                    .getMethod("decompress", byte[].class, int.class).invoke(decompressor, lz4, data.length);
            assertTrue("lz4 compresses", lz4.length < data.length);
            assertTrue("lz4 round trip", java.util.Arrays.equals(data, back));

            Class<?> snappy = bridge.loadClass("org.xerial.snappy.Snappy");
            byte[] sn = (byte[]) snappy.getMethod("compress", byte[].class).invoke(null, (Object) data);
            assertTrue("snappy round trip", java.util.Arrays.equals(data,
                    (byte[]) snappy.getMethod("uncompress", byte[].class).invoke(null, (Object) sn)));

            Class<?> zstd = bridge.loadClass("com.github.luben.zstd.Zstd");
            byte[] zs = (byte[]) zstd.getMethod("compress", byte[].class).invoke(null, (Object) data);
            assertTrue("zstd round trip", java.util.Arrays.equals(data,
                    (byte[]) zstd.getMethod("decompress", byte[].class, int.class).invoke(null, zs, data.length)));
        } finally {
            bridge.uninstall();
        }
    }

    /** The hook points of a plugin, from {@code ctl plugins list --verbose}. */
    @SuppressWarnings("unchecked")
    private List<String> hooksOf(String plugin) throws Exception {
        Command plugins = awaitCommand("plugins", true);
        CommandResult r = plugins.execute(List.of("list", "--verbose"));
        List<String> points = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) r.data()) {
            if (plugin.equals(p.get("name"))) {
                for (Map<String, Object> h : (List<Map<String, Object>>) p.get("hooks")) {
                    points.add(String.valueOf(h.get("hook")));
                }
            }
        }
        return points;
    }

    @SuppressWarnings("unchecked")
    private static long connections(Command hello) throws Exception {
        return ((Number) ((Map<String, Object>) hello.execute(List.of()).data()).get("connections")).longValue();
    }

    private static MqttClient connect(int port, String id) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        c.connect(o);
        return c;
    }

    private Bundle installed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private int awaitListenerPort() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(&(osprey.listener=tcp)(osprey.listener.status=running))");
            if (refs != null) {
                return (Integer) refs[0].getProperty("osprey.listener.port");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the tcp listener did not start");
    }

    /** Waits for the command to be registered ({@code present}) or gone; returns it or null. */
    private Command awaitCommand(String name, boolean present) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Command found = null;
            for (ServiceReference<Command> r : context.getServiceReferences(Command.class, null)) {
                Command c = context.getService(r);
                if (c != null && name.equals(c.name())) {
                    found = c;
                }
            }
            if ((found != null) == present) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("command " + name + (present ? " did not appear" : " did not go away"));
    }
}
