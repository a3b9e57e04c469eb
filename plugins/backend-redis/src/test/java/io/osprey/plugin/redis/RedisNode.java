package io.osprey.plugin.redis;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.backend.testing.BackendBroker;

/** A broker in-process with backend-redis wired to it. */
final class RedisNode implements AutoCloseable {

    final BackendBroker<RedisBackend> node;
    private final Map<String, String> pluginConfig;

    /**
     * @param brokerConfig keys of {@code etc/osprey.broker.cfg}
     * @param plugin       keys of {@code etc/osprey.backend.redis.cfg}
     */
    RedisNode(Path home, Map<String, String> brokerConfig, Map<String, String> plugin) throws Exception {
        pluginConfig = new HashMap<>(plugin);
        RedisSettings settings = parse();
        node = new BackendBroker<>(home, "backend-redis", brokerConfig, s -> new RedisBackend(settings,
                s.publisher(), s.subscriptions(), s.metrics(), s.nodeName()));
    }

    static Map<String, String> single(RedisServer redis, Map<String, String> more) {
        Map<String, String> m = new HashMap<>(more);
        m.put("server", "127.0.0.1:" + redis.port());
        return m;
    }

    private RedisSettings parse() throws Exception {
        return RedisSettings.parse(ConfigReader.of(RedisSettings.NAME, new HashMap<>(pluginConfig), Map.of()), null);
    }

    RedisBackend backend() {
        return node.backend;
    }

    String uri() {
        return node.uri();
    }

    /** Applies changed plugin keys as an edited file would. */
    void reconfigure(Map<String, String> changes) throws Exception {
        pluginConfig.putAll(changes);
        RedisSettings next = parse();
        node.reconfigure(() -> node.backend.reconfigure(next));
    }

    @Override
    public void close() {
        node.close();
    }
}
