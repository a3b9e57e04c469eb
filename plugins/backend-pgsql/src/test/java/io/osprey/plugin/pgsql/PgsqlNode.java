package io.osprey.plugin.pgsql;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.backend.testing.BackendBroker;

/** A broker in-process with backend-pgsql wired to it, over a {@link PostgresServer}. */
final class PgsqlNode implements AutoCloseable {

    final BackendBroker<PgsqlBackend> node;
    private final Map<String, String> pluginConfig;

    /**
     * @param brokerConfig keys of {@code etc/osprey.broker.cfg}
     * @param plugin       keys of {@code etc/osprey.backend.pgsql.cfg} on top of the server's connection keys
     */
    PgsqlNode(Path home, PostgresServer db, Map<String, String> brokerConfig, Map<String, String> plugin)
            throws Exception {
        pluginConfig = new HashMap<>(db.pluginConfig());
        pluginConfig.putAll(plugin);
        PgsqlSettings settings = parse(home);
        node = new BackendBroker<>(home, "backend-pgsql", brokerConfig, s -> new PgsqlBackend(settings,
                s.publisher(), s.subscriptions(), s.metrics(), s.nodeName(), null));
    }

    private PgsqlSettings parse(Path home) throws Exception {
        return PgsqlSettings.parse(ConfigReader.of(PgsqlSettings.NAME, new HashMap<>(pluginConfig), Map.of()), home);
    }

    PgsqlBackend backend() {
        return node.backend;
    }

    String uri() {
        return node.uri();
    }

    /** Applies changed plugin keys as an edited file would. */
    void reconfigure(Map<String, String> changes) throws Exception {
        pluginConfig.putAll(changes);
        PgsqlSettings next = parse(null);
        node.reconfigure(() -> node.backend.reconfigure(next));
    }

    @Override
    public void close() {
        node.close();
    }
}
