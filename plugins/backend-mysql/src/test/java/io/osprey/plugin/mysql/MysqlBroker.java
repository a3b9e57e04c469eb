package io.osprey.plugin.mysql;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.service.MetricsServiceImpl;
import io.osprey.broker.service.PublishServiceImpl;
import io.osprey.broker.service.SubscriptionServiceImpl;
import io.osprey.plugin.mysql.config.MysqlSettings;

/**
 * An in-process broker on an ephemeral loopback port with the backend-mysql plugin wired to it as its OSGi
 * component does: the backend over a {@link MariaDbServer}, its hooks registered at the points that have rules,
 * the authenticator and the ACL check when configured.
 */
final class MysqlBroker implements AutoCloseable {

    final Broker broker;
    final MqttListener listener;
    final MetricsServiceImpl metrics;
    final MysqlBackend backend;
    private final Map<String, Object> pluginConfig;

    /**
     * @param brokerConfig keys of {@code etc/osprey.broker.cfg} (the store is in memory unless given)
     * @param plugin       keys of {@code etc/osprey.backend.mysql.cfg} on top of the server's connection keys
     */
    MysqlBroker(Path home, MariaDbServer db, Map<String, String> brokerConfig, Map<String, String> plugin)
            throws Exception {
        Map<String, Object> b = new HashMap<>(Map.of("store", "memory"));
        b.putAll(brokerConfig);
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", b, Map.of()), home), home);
        broker.start();
        listener = broker.startListener(ListenerSettings.read(ConfigReader.of("listener-tcp",
                Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
        metrics = new MetricsServiceImpl(broker.metrics(), broker.stats());
        pluginConfig = new HashMap<>(db.pluginConfig());
        pluginConfig.putAll(plugin);
        MysqlSettings settings = MysqlSettings.parse(ConfigReader.of(MysqlSettings.NAME, pluginConfig, Map.of()),
                home);
        backend = new MysqlBackend(settings, new PublishServiceImpl(broker), new SubscriptionServiceImpl(broker),
                metrics, broker.nodeName(), null);
        register();
    }

    private void register() {
        List<String> points = backend.hooks().points();
        if (!points.isEmpty()) {
            broker.hooks().register(backend.hooks(), "backend-mysql", 0, points);
        }
        if (backend.settings().authQuery() != null) {
            broker.hooks().register(backend.authenticator(), "backend-mysql", 0);
        }
        if (backend.settings().aclQuery() != null) {
            broker.hooks().register(backend.acl(), "backend-mysql", 0);
        }
    }

    /** Applies changed plugin keys as an edited file would (ConfigAdmin's @Modified). */
    void reconfigure(Map<String, String> changes) throws Exception {
        pluginConfig.putAll(changes);
        MysqlSettings next = MysqlSettings.parse(ConfigReader.of(MysqlSettings.NAME, pluginConfig, Map.of()), null);
        unregister();
        backend.reconfigure(next);
        register();
    }

    private void unregister() {
        broker.hooks().unregister(backend.hooks());
        broker.hooks().unregister(backend.authenticator());
        broker.hooks().unregister(backend.acl());
    }

    String uri() {
        return "tcp://127.0.0.1:" + listener.boundPort();
    }

    @Override
    public void close() {
        unregister();
        backend.close();
        broker.stop();
    }
}
