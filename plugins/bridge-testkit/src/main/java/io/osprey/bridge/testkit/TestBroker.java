package io.osprey.bridge.testkit;

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
import io.osprey.broker.service.PublishServiceImpl;

/**
 * An Osprey broker in the test JVM on an ephemeral loopback port, with the services a bridge plugin takes
 * ({@link #node}, {@link #metrics}, {@link #publisher}) so that a test wires the plugin's components as Declarative
 * Services would. The node's home (and so {@code data/<plugin>/}) survives a {@link #close}.
 */
public final class TestBroker implements AutoCloseable {

    public final Path home;
    public final Broker broker;
    public final MqttListener listener;
    public final MetricsServiceImpl metrics;
    public final NodeInfoImpl node;
    public final PublishServiceImpl publisher;

    /** @param settings keys of {@code etc/osprey.broker.cfg} in pairs, over {@code hook.timeout = 30s} */
    public TestBroker(Path home, String... settings) throws Exception {
        this.home = home;
        Map<String, Object> s = new HashMap<>(map("hook.timeout", "30s"));
        s.putAll(map(settings));
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", s, Map.of()), home), home);
        broker.start();
        listener = broker.startListener(ListenerSettings.read(ConfigReader.of("listener-tcp",
                Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
        metrics = new MetricsServiceImpl(broker.metrics(), broker.stats());
        node = new NodeInfoImpl(broker);
        publisher = new PublishServiceImpl(broker);
    }

    /** Configuration keys and values in pairs, as ConfigAdmin hands them to a component. */
    public static Map<String, Object> map(String... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Registers a plugin's hook (the hook interfaces it implements) under the plugin's name at ranking 0. */
    public void register(Object hook, String plugin) {
        broker.hooks().register(hook, plugin, 0);
    }

    public void unregister(Object hook) {
        broker.hooks().unregister(hook);
    }

    public String uri() {
        return "tcp://127.0.0.1:" + listener.boundPort();
    }

    public int port() {
        return listener.boundPort();
    }

    @Override
    public void close() {
        broker.stop();
    }
}
