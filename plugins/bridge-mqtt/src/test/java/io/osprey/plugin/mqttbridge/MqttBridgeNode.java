package io.osprey.plugin.mqttbridge;

import java.nio.file.Path;
import java.util.Map;

import io.osprey.bridge.testkit.TestBroker;

/**
 * An Osprey broker in the test JVM with MQTT bridges wired to it as Declarative Services would: one
 * {@link BridgeComponent} per {@code etc/osprey.bridge.mqtt-<name>.cfg} (its {@code message.publish} hook registered
 * at ranking 0) and the {@link Bridges} registry behind {@code ctl bridges}.
 */
final class MqttBridgeNode implements AutoCloseable {

    final TestBroker broker;
    final Bridges bridges = new Bridges();
    private final java.util.List<BridgeComponent> components = new java.util.ArrayList<>();

    MqttBridgeNode(Path home) throws Exception {
        broker = new TestBroker(home);
    }

    /** Drops {@code etc/osprey.bridge.mqtt-<name>.cfg} with these keys (in pairs). */
    BridgeComponent add(String name, String... config) throws Exception {
        Map<String, Object> m = TestBroker.map(config);
        m.put("felix.fileinstall.filename", broker.home.resolve("etc/osprey.bridge.mqtt-" + name + ".cfg").toUri()
                .toString());
        BridgeComponent c = new BridgeComponent(m, broker.node, broker.metrics, broker.publisher);
        broker.register(c, BridgeComponent.PLUGIN);
        bridges.bind(c);
        components.add(c);
        return c;
    }

    /** Deletes the bridge's file: the bridge stops. */
    void remove(BridgeComponent c) {
        broker.unregister(c);
        bridges.unbind(c);
        c.deactivate();
        components.remove(c);
    }

    String uri() {
        return broker.uri();
    }

    @Override
    public void close() {
        for (BridgeComponent c : java.util.List.copyOf(components)) {
            remove(c);
        }
        broker.close();
    }
}
