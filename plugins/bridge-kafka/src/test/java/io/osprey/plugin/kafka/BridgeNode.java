package io.osprey.plugin.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.service.MetricsServiceImpl;
import io.osprey.broker.service.NodeInfoImpl;

/**
 * An Osprey broker in the test JVM, on an ephemeral loopback port, with the bridge-kafka plugin wired to it as
 * Declarative Services would: {@link BridgeManager} with its configuration, {@link BridgeHooks} registered at
 * ranking 0. The plugin can be unloaded and loaded again ({@link #reloadPlugin}) and reconfigured
 * ({@link #configure}) while the broker runs; the node's home (and so {@code data/bridge-kafka/}) survives a
 * {@link #close} and a new node on the same home.
 */
public final class BridgeNode implements AutoCloseable {

    public final Path home;
    public final Broker broker;
    public final MqttListener listener;
    public final MetricsServiceImpl metrics;
    private final NodeInfoImpl node;
    private Map<String, Object> config;
    private BridgeManager manager;
    private BridgeHooks hooks;

    /** @param config the keys of {@code etc/osprey.bridge.kafka.cfg}, in pairs */
    public BridgeNode(Path home, String... config) throws Exception {
        this.home = home;
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", Map.of("hook.timeout", "30s"), Map.of()),
                home), home);
        broker.start();
        listener = broker.startListener(ListenerSettings.read(ConfigReader.of("listener-tcp",
                Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
        metrics = new MetricsServiceImpl(broker.metrics(), broker.stats());
        node = new NodeInfoImpl(broker);
        this.config = map(config);
        load();
    }

    static Map<String, Object> map(String... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private void load() throws Exception {
        manager = new BridgeManager(config, node, metrics, Bridge::realLink);
        hooks = new BridgeHooks(manager.bridge());
        broker.hooks().register(hooks, BridgeManager.PLUGIN, 0);
    }

    private void unload() {
        broker.hooks().unregister(hooks);
        manager.deactivate();
    }

    /** {@code ctl plugins unload bridge-kafka} then {@code load}: hooks gone, bridge closed, then all anew. */
    public void reloadPlugin() throws Exception {
        unload();
        load();
    }

    /** An edit of {@code etc/osprey.bridge.kafka.cfg}: the new full set of keys. */
    public void configure(String... pairs) {
        config = map(pairs);
        manager.modified(config);
    }

    public Bridge bridge() {
        return manager.bridge();
    }

    public String uri() {
        return "tcp://127.0.0.1:" + listener.boundPort();
    }

    @Override
    public void close() {
        unload();
        broker.stop();
    }
}
