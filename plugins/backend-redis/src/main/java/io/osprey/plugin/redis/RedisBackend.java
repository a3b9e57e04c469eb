package io.osprey.plugin.redis;

import java.util.Map;

import io.osprey.api.service.MetricsService;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.backend.Backend;
import io.osprey.backend.BackendRuntime;
import io.osprey.backend.write.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin without OSGi: the shared backend runtime over Redis, built from one {@link RedisSettings} snapshot and
 * reconfigured in place (a new connection when the connection keys change; queued writes are kept).
 * {@link RedisBackendComponent} registers its hooks; tests register them with the broker.
 */
public final class RedisBackend implements Backend<RedisSettings> {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBackend.class);

    /** Metric names ({@code ctl broker metrics}). */
    public static final String WRITTEN = "backend.redis.written";
    public static final String FAILED = "backend.redis.failed";
    public static final String DROPPED = "backend.redis.dropped";

    private final BackendRuntime<RedisCommand, RedisWrite> runtime;
    private volatile RedisSettings settings;
    private volatile RedisConnection redis;

    public RedisBackend(RedisSettings settings, PublishService publisher, SubscriptionService subscriptions,
                        MetricsService metrics, String nodeName) {
        this.settings = settings;
        this.redis = new RedisConnection(settings);
        this.runtime = new BackendRuntime<>("backend-redis", settings.common(), new RedisSink(redis), metrics,
                subscriptions, publisher);
        RedisLookups lookups = new RedisLookups(() -> redis, runtime.lookups(), runtime.writer());
        runtime.start(new RedisActions(runtime.writer(), lookups, () -> this.settings),
                new RedisAuthSource(() -> redis, () -> this.settings), subscriptions, nodeName);
        LOG.info("backend-redis started: Redis {}, {} hook rules{}{}", settings.target(),
                settings.common().rules().size(), settings.authCmd() != null ? ", authentication" : "",
                settings.aclCmd() != null ? ", ACL" : "");
    }

    @Override
    public synchronized void reconfigure(RedisSettings next) {
        if (!next.sameConnection(settings)) {
            RedisConnection old = redis;
            redis = new RedisConnection(next);
            runtime.reconfigure(next.common(), new RedisSink(redis));
            Thread closer = new Thread(old::close, "osprey-backend-redis-close");
            closer.setDaemon(true);
            closer.start();
            LOG.info("backend-redis reconnecting: Redis {}", next.target());
        } else {
            runtime.reconfigure(next.common(), new RedisSink(redis));
        }
        settings = next;
    }

    @Override
    public RedisSettings settings() {
        return settings;
    }

    @Override
    public BackendRuntime<RedisCommand, RedisWrite> runtime() {
        return runtime;
    }

    @Override
    public boolean authEnabled() {
        return settings.authCmd() != null;
    }

    @Override
    public boolean aclEnabled() {
        return settings.aclCmd() != null;
    }

    @Override
    public Writer<RedisWrite> writer() {
        return runtime.writer();
    }

    @Override
    public Map<String, Object> status() {
        RedisSettings s = settings;
        return runtime.status("redis", redis.status(), s.authCmd() != null, s.aclCmd() != null);
    }

    @Override
    public synchronized void close() {
        runtime.close();
        redis.close();
        Writer<RedisWrite> w = runtime.writer();
        LOG.info("backend-redis stopped: {} writes stored, {} failed, {} dropped", w.written(), w.failed(),
                w.dropped());
    }
}
