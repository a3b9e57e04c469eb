package io.osprey.plugin.license;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.service.ClientServiceImpl;
import io.osprey.broker.service.MetricsServiceImpl;

/**
 * An in-process broker on an ephemeral loopback port with the license plugin's components wired to it as Declarative
 * Services would: the manager with a test vendor's public key, the quota hook at its ranking, command and API.
 */
final class LicensedBroker implements AutoCloseable {

    final Broker broker;
    final MqttListener listener;
    final ClientServiceImpl clients;
    final MetricsServiceImpl metrics;
    final Vendor vendor;
    final LicenseManager manager;
    final ConnectionQuota quota;
    final LicenseCommand command;
    final LicenseApi api;

    /** @param config extra keys of {@code etc/osprey.license.cfg} */
    LicensedBroker(Path home, String... config) throws Exception {
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", Map.of(), Map.of()), home), home);
        broker.start();
        listener = broker.startListener(ListenerSettings.read(ConfigReader.of("listener-tcp",
                Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
        clients = new ClientServiceImpl(broker.sessions());
        metrics = new MetricsServiceImpl(broker.metrics(), broker.stats());
        vendor = new Vendor(home);
        Map<String, Object> c = new HashMap<>();
        c.put("public_key_file", vendor.publicKey().toString());
        c.put("check_interval", "100ms");
        for (int i = 0; i < config.length; i += 2) {
            c.put(config[i], config[i + 1]);
        }
        manager = new LicenseManager(c, broker.alarms(), clients, home, home.resolve("data/licenses"));
        quota = new ConnectionQuota(manager, clients, metrics);
        broker.hooks().register(quota, "license", ConnectionQuota.RANKING);
        command = new LicenseCommand(manager, metrics);
        api = new LicenseApi(manager, metrics);
    }

    String uri() {
        return "tcp://127.0.0.1:" + listener.boundPort();
    }

    /** Issues a license with the test vendor key and installs it as {@code ctl license reload} does. */
    Entitlement install(int maxConnections, String expiry) throws Exception {
        Path file = vendor.issue("license-" + System.nanoTime() + ".lic", maxConnections, expiry);
        return manager.reload(file.toString());
    }

    boolean alarmActive(String name) {
        return broker.alarms().active().stream().anyMatch(a -> a.name().equals(name));
    }

    @Override
    public void close() {
        broker.hooks().unregister(quota);
        manager.deactivate();
        broker.stop();
    }
}
