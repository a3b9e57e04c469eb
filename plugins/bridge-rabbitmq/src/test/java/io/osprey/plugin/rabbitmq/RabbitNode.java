package io.osprey.plugin.rabbitmq;

import java.nio.file.Path;
import java.util.Map;

import io.osprey.bridge.testkit.TestBroker;
import io.osprey.plugin.rabbitmq.link.RabbitBridge;

/**
 * An Osprey broker in the test JVM with the bridge-rabbitmq plugin wired to it as Declarative Services would:
 * {@link BridgeManager} with its configuration, {@link BridgeHooks} registered at ranking 0.
 */
final class RabbitNode implements AutoCloseable {

    final TestBroker broker;
    private final BridgeManager manager;
    private final BridgeHooks hooks;

    /** @param config the keys of {@code etc/osprey.bridge.rabbit.cfg}, in pairs */
    RabbitNode(Path home, String... config) throws Exception {
        broker = new TestBroker(home);
        manager = new BridgeManager(TestBroker.map(config), broker.node, broker.metrics);
        hooks = new BridgeHooks(manager);
        broker.register(hooks, BridgeManager.PLUGIN);
    }

    /** An edit of {@code etc/osprey.bridge.rabbit.cfg}: the new full set of keys. */
    void configure(String... pairs) {
        manager.modified(TestBroker.map(pairs));
    }

    RabbitBridge bridge() {
        return manager.bridge();
    }

    long sent(String rule) {
        return bridge().counters().get(rule).sent();
    }

    String uri() {
        return broker.uri();
    }

    Map<String, Object> status() {
        return io.osprey.bridge.core.StatusView.data(bridge().status());
    }

    @Override
    public void close() {
        broker.unregister(hooks);
        manager.deactivate();
        broker.close();
    }
}
