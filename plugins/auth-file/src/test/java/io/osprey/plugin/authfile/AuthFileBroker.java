package io.osprey.plugin.authfile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.service.MetricsServiceImpl;

/**
 * An in-process broker on an ephemeral loopback port (store in memory, home in a temporary folder) with the auth-file
 * components wired to it as Declarative Services would: the store over {@code <home>/etc/passwd}, the authenticator
 * at its ranking, and the two commands.
 */
final class AuthFileBroker implements AutoCloseable {

    final Path home;
    final Broker broker;
    final MqttListener listener;
    final MetricsServiceImpl metrics;
    final PasswordStore store;
    final FileAuthenticator authenticator;
    final UsersCommand users;
    final ClientIdsCommand clientIds;
    private final Map<String, Object> brokerConfig = new HashMap<>();

    /**
     * @param brokerConfig keys of {@code etc/osprey.broker.cfg}, as pairs
     */
    AuthFileBroker(Path home, String... brokerConfig) throws Exception {
        this.home = home;
        this.brokerConfig.put("store", "memory");
        for (int i = 0; i < brokerConfig.length; i += 2) {
            this.brokerConfig.put(brokerConfig[i], brokerConfig[i + 1]);
        }
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", this.brokerConfig, Map.of()), home), home);
        broker.start();
        listener = broker.startListener(ListenerSettings.read(ConfigReader.of("listener-tcp",
                Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
        metrics = new MetricsServiceImpl(broker.metrics(), broker.stats());
        Map<String, Object> auth = new HashMap<>();
        auth.put("check_interval", "100ms");
        auth.put("hash_iterations", "1000"); // the tests are about behaviour, not cost
        store = new PasswordStore(auth, home);
        authenticator = new FileAuthenticator(store, metrics);
        broker.hooks().register(authenticator, "auth-file", FileAuthenticator.RANKING);
        users = new UsersCommand(store);
        clientIds = new ClientIdsCommand(store);
    }

    String uri() {
        return "tcp://127.0.0.1:" + listener.boundPort();
    }

    Path passwd() {
        return home.resolve("etc/passwd");
    }

    /** Changes a key of {@code etc/osprey.broker.cfg} on the running broker, as an edit of the file would. */
    void brokerSetting(String key, String value) {
        brokerConfig.put(key, value);
        broker.updateSettings(BrokerSettings.read(ConfigReader.of("broker", brokerConfig, Map.of()), home));
    }

    /** {@code ctl users <args>}. */
    CommandResult users(String... args) throws Exception {
        return users.execute(List.of(args));
    }

    /** {@code ctl clientids <args>}. */
    CommandResult clientIds(String... args) throws Exception {
        return clientIds.execute(List.of(args));
    }

    /** How many connections of the listener ended with {@code reason} (what {@code ctl listeners} shows). */
    long closed(String reason) {
        return listener.context().stats().shutdownCounts().getOrDefault(reason, 0L);
    }

    @Override
    public void close() {
        broker.hooks().unregister(authenticator);
        authenticator.deactivate();
        store.deactivate();
        broker.stop();
    }
}
