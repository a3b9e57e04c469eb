package io.osprey.broker.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.MqttListener;

/** An in-process broker with one TCP listener on an ephemeral loopback port, for component tests. */
public final class TestBroker implements AutoCloseable {

    private final Broker broker;
    private final MqttListener listener;

    private TestBroker(Map<String, String> config) throws Exception {
        Map<String, String> c = new HashMap<>(config);
        // each broker its own data folder; the memory store unless a test asks for the disk
        c.putIfAbsent("data_dir", java.nio.file.Files.createTempDirectory(Path.of("target"), "broker-data").toAbsolutePath().toString());
        c.putIfAbsent("store", "memory");
        BrokerSettings s = BrokerSettings.read(ConfigReader.of("broker", c, Map.of()), Path.of("target"));
        broker = new Broker(s, Path.of("target"));
        broker.start();
        listener = broker.startListener(ListenerSettings.read(
                ConfigReader.of("listener-tcp", Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
    }

    public static TestBroker start() throws Exception {
        return new TestBroker(Map.of());
    }

    /** Starts with broker settings, e.g. {@code "max_inflight", "2"}. */
    public static TestBroker start(String... keyValues) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new TestBroker(m);
    }

    /** Starts another listener named {@code name} on an ephemeral loopback port with the given settings. */
    public io.osprey.broker.listener.MqttListener listen(String name, String... keyValues) throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("bind", "127.0.0.1:0");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return broker.startListener(ListenerSettings.read(ConfigReader.of("listener-" + name, m, Map.of()), name,
                Path.of("src/test/resources").toAbsolutePath()));
    }

    public Broker broker() {
        return broker;
    }

    public int port() {
        return listener.boundPort();
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Waits until the tcp listener counted {@code n} connections ended for {@code reason}. */
    public void awaitShutdownCount(String reason, long n) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                shutdownCount(reason) == n);
    }

    /** How many connections of the tcp listener ended for {@code reason} so far. */
    public long shutdownCount(String reason) {
        return listener.context().stats().shutdownCounts().getOrDefault(reason, 0L);
    }

    /** Every reason the tcp listener counted a closed connection for, with its count (zero counts left out). */
    public java.util.Map<String, Long> shutdownCounts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>(listener.context().stats().shutdownCounts());
        counts.values().removeIf(v -> v == 0);
        return counts;
    }

    /** Waits until no connection owns {@code clientId}'s session (its socket has closed on the broker's side). */
    public void awaitOffline(String clientId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                broker.sessions().connectionOf(clientId) == null);
    }

    /** Waits until the broker holds no session for {@code clientId} (it ended with its connection). */
    public void awaitNoSession(String clientId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                broker.sessions().get(clientId) == null);
    }

    /** Waits for a metric to reach {@code n}. */
    public void awaitMetric(String name, long n) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                broker.metrics().get(name) >= n);
    }

    @Override
    public void close() {
        broker.stop();
    }
}
