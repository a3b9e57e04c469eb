package io.osprey.plugin.aclfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.service.ClientServiceImpl;
import io.osprey.broker.service.NodeInfoImpl;

/**
 * An in-process broker on an ephemeral loopback port with the acl-file plugin wired to it as Declarative Services
 * would: its hook at ranking −1, reading {@code <home>/etc/acl.conf}, watched every 100 ms.
 */
final class AclBroker implements AutoCloseable {

    final Path home;
    final Broker broker;
    final MqttListener listener;
    final AclFilePlugin plugin;

    /** @param brokerConfig keys of {@code etc/osprey.broker.cfg} */
    AclBroker(Path home, String aclConf, String... brokerConfig) throws Exception {
        this.home = home;
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/acl.conf"), aclConf);
        Map<String, Object> c = new HashMap<>();
        c.put("store", "memory");
        for (int i = 0; i < brokerConfig.length; i += 2) {
            c.put(brokerConfig[i], brokerConfig[i + 1]);
        }
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", c, Map.of()), home), home);
        broker.start();
        listener = broker.startListener(ListenerSettings.read(ConfigReader.of("listener-tcp",
                Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
        plugin = new AclFilePlugin(new NodeInfoImpl(broker), new ClientServiceImpl(broker.sessions()),
                Map.of("watch_interval", "100ms"));
        broker.hooks().register(plugin, "acl-file", -1);
    }

    String uri() {
        return "tcp://127.0.0.1:" + listener.boundPort();
    }

    void writeAcl(String text) throws Exception {
        Path tmp = home.resolve("etc/acl.conf.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, home.resolve("etc/acl.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        broker.hooks().unregister(plugin);
        plugin.deactivate();
        broker.stop();
    }
}
