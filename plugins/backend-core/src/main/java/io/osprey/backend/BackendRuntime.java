package io.osprey.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.osprey.api.service.MetricsService;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.backend.auth.AuthSource;
import io.osprey.backend.auth.BackendAcl;
import io.osprey.backend.auth.BackendAuthenticator;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.hooks.Actions;
import io.osprey.backend.hooks.BackendHooks;
import io.osprey.backend.hooks.Lookups;
import io.osprey.backend.write.Queued;
import io.osprey.backend.write.Sink;
import io.osprey.backend.write.Writer;

/**
 * What every backend runs, whatever its database: the query threads, the writer thread and its queue, the lookups,
 * the hooks, the authenticator and the ACL check, built from one {@link BackendSettings} snapshot and reconfigured in
 * place. The backend brings its {@link Sink}, its {@link Actions} and its {@link AuthSource}.
 *
 * @param <T> the backend's compiled raw action
 * @param <W> what its writer queues
 */
public final class BackendRuntime<T, W extends Queued> implements AutoCloseable {

    private static final int QUERY_QUEUE = 10_000;

    private final String plugin;
    private final ThreadPoolExecutor queries;
    private final Writer<W> writer;
    private final Lookups lookups;
    private volatile BackendSettings<T> settings;
    private BackendHooks<T> hooks;
    private BackendAuthenticator authenticator;
    private BackendAcl acl;

    /**
     * @param plugin its name, {@code backend-pgsql}; metrics are {@code backend.pgsql.written|failed|dropped}
     */
    public BackendRuntime(String plugin, BackendSettings<T> settings, Sink<W> sink, MetricsService metrics,
                          SubscriptionService subscriptions, PublishService publisher) {
        this.plugin = plugin;
        this.settings = settings;
        int threads = queryThreads(settings);
        this.queries = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUERY_QUEUE), threads("osprey-" + plugin + "-query-"));
        String prefix = metricPrefix(plugin);
        this.writer = new Writer<>(sink, settings.queueSize(), settings.batchSize(),
                settings.retryInterval().toMillis(), n -> metrics.increment(prefix + ".written", n),
                n -> metrics.increment(prefix + ".failed", n), n -> metrics.increment(prefix + ".dropped", n));
        this.lookups = new Lookups(plugin, queries, subscriptions, publisher);
    }

    /** {@code backend-pgsql} → {@code backend.pgsql}, the prefix of its metrics. */
    public static String metricPrefix(String plugin) {
        return plugin.replace('-', '.');
    }

    /**
     * Completes the runtime with the backend's functions and users, and starts the writer.
     *
     * @param actions made from {@link #writer()} and {@link #lookups()}
     */
    public void start(Actions<T> actions, AuthSource users, SubscriptionService subscriptions, String node) {
        this.hooks = new BackendHooks<>(actions, subscriptions, node);
        this.hooks.configure(settings);
        this.authenticator = new BackendAuthenticator(plugin, users, () -> this.settings, queries);
        this.acl = new BackendAcl(plugin, users, () -> this.settings, queries);
        writer.start();
    }

    private static int queryThreads(BackendSettings<?> s) {
        return Math.max(2, s.poolSize() - 1); // one connection stays for the writer
    }

    /**
     * Applies a new snapshot: rules, queue and batch sizes, query threads; {@code sink} is the new connection when it
     * changed (queued writes are kept), else {@code null}.
     */
    public synchronized void reconfigure(BackendSettings<T> next, Sink<W> sink) {
        writer.reconfigure(sink, next.queueSize(), next.batchSize(), next.retryInterval().toMillis());
        int threads = queryThreads(next);
        if (threads > queries.getMaximumPoolSize()) {
            queries.setMaximumPoolSize(threads);
            queries.setCorePoolSize(threads);
        } else {
            queries.setCorePoolSize(threads);
            queries.setMaximumPoolSize(threads);
        }
        settings = next;
        hooks.configure(next);
        acl.clearCache();
    }

    /** Runs a task on the query threads (a first connection, a probe). */
    public void execute(Runnable task) {
        queries.execute(task);
    }

    public BackendSettings<T> settings() {
        return settings;
    }

    public BackendHooks<T> hooks() {
        return hooks;
    }

    public BackendAuthenticator authenticator() {
        return authenticator;
    }

    public BackendAcl acl() {
        return acl;
    }

    public Writer<W> writer() {
        return writer;
    }

    public Lookups lookups() {
        return lookups;
    }

    /**
     * Everything {@code ctl <plugin> status} shows.
     *
     * @param key    the server's key ({@code pgsql})
     * @param server the server's state and pool
     * @param auth   is authentication configured
     * @param acls   is the ACL configured
     */
    public Map<String, Object> status(String key, Map<String, Object> server, boolean auth, boolean acls) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(key, server);
        s.put("writes", writer.status());
        s.put("lookups", Map.of("delivered", lookups.delivered(), "failed", lookups.failed(), "waiting",
                queries.getQueue().size()));
        if (auth) {
            s.put("auth", Map.of("allow", authenticator.success(), "deny", authenticator.failure(), "ignore",
                    authenticator.ignored(), "unavailable", authenticator.unavailableCount()));
        }
        if (acls) {
            s.put("acl", acl.counters());
        }
        s.put("rules", settings.rules().size());
        return s;
    }

    /** Flushes what the writer holds (up to {@code flush_timeout}), then stops the query threads. */
    @Override
    public synchronized void close() {
        writer.stop(settings.flushTimeout().toMillis());
        queries.shutdownNow();
    }

    /** Threads that load classes from the plugin (the embedded driver's), whatever thread started the plugin. */
    public static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        ClassLoader loader = BackendRuntime.class.getClassLoader();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
    }

}
