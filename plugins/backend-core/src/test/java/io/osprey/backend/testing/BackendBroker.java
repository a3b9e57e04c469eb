package io.osprey.backend.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.MetricsService;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.backend.Backend;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.service.MetricsServiceImpl;
import io.osprey.broker.service.PublishServiceImpl;
import io.osprey.broker.service.SubscriptionServiceImpl;

/**
 * An in-process broker on an ephemeral loopback port with a backend wired to it as its OSGi component does: the
 * hooks registered at the points that have rules, the authenticator and the ACL check when configured. For the
 * component tests of every backend plugin.
 *
 * @param <B> the backend
 */
public final class BackendBroker<B extends Backend<?>> implements AutoCloseable {

    /** What a backend is built from, besides its settings. */
    public record Services(PublishService publisher, SubscriptionService subscriptions, MetricsService metrics,
                           String nodeName) {
    }

    public final Broker broker;
    public final MqttListener listener;
    public final MetricsServiceImpl metrics;
    public final B backend;
    private final String plugin;

    /**
     * @param brokerConfig keys of {@code etc/osprey.broker.cfg} (the store is in memory unless given)
     * @param factory      starts the backend
     */
    public BackendBroker(Path home, String plugin, Map<String, String> brokerConfig, Function<Services, B> factory)
            throws Exception {
        this.plugin = plugin;
        Map<String, Object> b = new HashMap<>(Map.of("store", "memory"));
        b.putAll(brokerConfig);
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", b, Map.of()), home), home);
        broker.start();
        listener = broker.startListener(ListenerSettings.read(ConfigReader.of("listener-tcp",
                Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
        metrics = new MetricsServiceImpl(broker.metrics(), broker.stats());
        backend = factory.apply(new Services(new PublishServiceImpl(broker), new SubscriptionServiceImpl(broker),
                metrics, broker.nodeName()));
        register();
    }

    private void register() {
        List<String> points = backend.hooks().points();
        if (!points.isEmpty()) {
            broker.hooks().register(backend.hooks(), plugin, 0, points);
        }
        if (backend.authEnabled()) {
            broker.hooks().register(backend.authenticator(), plugin, 0);
        }
        if (backend.aclEnabled()) {
            broker.hooks().register(backend.acl(), plugin, 0);
        }
    }

    /** Applies a new configuration as an edited file would (ConfigAdmin's @Modified). */
    public void reconfigure(Runnable apply) {
        unregister();
        apply.run();
        register();
    }

    private void unregister() {
        broker.hooks().unregister(backend.hooks());
        broker.hooks().unregister(backend.authenticator());
        broker.hooks().unregister(backend.acl());
    }

    public String uri() {
        return "tcp://127.0.0.1:" + listener.boundPort();
    }

    public SubscriptionServiceImpl subscriptions() {
        return new SubscriptionServiceImpl(broker);
    }

    @Override
    public void close() {
        unregister();
        backend.close();
        broker.stop();
    }
}
