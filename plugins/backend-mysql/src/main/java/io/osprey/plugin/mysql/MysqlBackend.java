package io.osprey.plugin.mysql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.osprey.api.service.MetricsService;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.plugin.mysql.auth.MysqlAcl;
import io.osprey.plugin.mysql.auth.MysqlAuthenticator;
import io.osprey.plugin.mysql.config.MysqlSettings;
import io.osprey.plugin.mysql.sql.Database;
import io.osprey.plugin.mysql.sql.Schema;
import io.osprey.plugin.mysql.sql.Writer;
import io.osprey.plugin.mysql.store.BackendHooks;
import io.osprey.plugin.mysql.store.Lookups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin without OSGi: the pool, the writer thread, the query threads and the hook objects, built from one
 * {@link MysqlSettings} snapshot and reconfigured in place. The Declarative Services component
 * ({@link MysqlBackendComponent}) registers the hooks; tests register them with the broker directly.
 */
public final class MysqlBackend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlBackend.class);

    /** Metric names ({@code ctl broker metrics}). */
    public static final String WRITTEN = "backend.mysql.written";
    public static final String FAILED = "backend.mysql.failed";
    public static final String DROPPED = "backend.mysql.dropped";
    private static final int QUERY_QUEUE = 10_000;

    private final Path etcSql;
    private final ThreadPoolExecutor queries;
    private final Writer writer;
    private final Lookups lookups;
    private final BackendHooks hooks;
    private final MysqlAuthenticator authenticator;
    private final MysqlAcl acl;
    private volatile MysqlSettings settings;
    private volatile Database db;

    /**
     * @param etcDir the node's {@code etc/} (its {@code sql/} folder may hold adapted schema files), or {@code null}
     */
    public MysqlBackend(MysqlSettings settings, PublishService publisher, SubscriptionService subscriptions,
                        MetricsService metrics, String nodeName, Path etcDir) {
        this.settings = settings;
        this.etcSql = etcDir == null ? null : etcDir.resolve("sql");
        this.db = new Database(settings, schema(settings));
        int threads = queryThreads(settings);
        this.queries = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUERY_QUEUE), threads("osprey-backend-mysql-query-"));
        this.writer = new Writer(db, settings.queueSize(), settings.batchSize(), settings.retryInterval().toMillis(),
                n -> metrics.increment(WRITTEN, n), n -> metrics.increment(FAILED, n),
                n -> metrics.increment(DROPPED, n));
        this.lookups = new Lookups(() -> db, queries, subscriptions, publisher, writer,
                () -> (int) Math.max(1, (this.settings.queryTimeout().toMillis() + 999) / 1000));
        this.hooks = new BackendHooks(writer, lookups, subscriptions, nodeName);
        this.hooks.configure(settings);
        this.authenticator = new MysqlAuthenticator(() -> db, () -> this.settings, queries);
        this.acl = new MysqlAcl(() -> db, () -> this.settings, queries);
        writer.start();
        // create the tables now rather than at the first client
        queries.execute(this::touch);
        LOG.info("backend-mysql started: MySQL {} as {}, {} hook rules{}{}", settings.target(), settings.user(),
                settings.rules().size(), settings.authQuery() != null ? ", authentication" : "",
                settings.aclQuery() != null ? ", ACL" : "");
    }

    private Schema schema(MysqlSettings s) {
        List<String> files = new ArrayList<>();
        if (s.createSchema()) {
            files.add(Schema.BACKEND);
            if (s.needsAuthTables()) {
                files.add(Schema.AUTH);
            }
        }
        return new Schema(files, etcSql);
    }

    private static int queryThreads(MysqlSettings s) {
        return Math.max(2, s.poolSize() - 1); // one connection stays for the writer
    }

    private void touch() {
        try {
            db.connection().close();
        } catch (java.sql.SQLException e) {
            // logged by Database when it marks the server down; the writer and queries retry
        }
    }

    /** Applies a new snapshot: a new pool when the connection settings changed; queued writes are kept. */
    public synchronized void reconfigure(MysqlSettings next) {
        MysqlSettings previous = settings;
        Database old = db;
        if (!next.sameConnection(previous)) {
            Database fresh = new Database(next, schema(next));
            db = fresh;
            writer.reconfigure(fresh, next.queueSize(), next.batchSize(), next.retryInterval().toMillis());
            Thread closer = new Thread(old::close, "osprey-backend-mysql-close");
            closer.setDaemon(true);
            closer.start();
            queries.execute(this::touch);
            LOG.info("backend-mysql reconnecting: MySQL {} as {}", next.target(), next.user());
        } else {
            writer.reconfigure(old, next.queueSize(), next.batchSize(), next.retryInterval().toMillis());
        }
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

    public MysqlSettings settings() {
        return settings;
    }

    public BackendHooks hooks() {
        return hooks;
    }

    public MysqlAuthenticator authenticator() {
        return authenticator;
    }

    public MysqlAcl acl() {
        return acl;
    }

    public Writer writer() {
        return writer;
    }

    /** Everything {@code ctl backend-mysql status} shows. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mysql", db.status());
        s.put("writes", writer.status());
        s.put("lookups", Map.of("delivered", lookups.delivered(), "failed", lookups.failed(), "waiting",
                queries.getQueue().size()));
        MysqlSettings cfg = settings;
        if (cfg.authQuery() != null) {
            s.put("auth", Map.of("allow", authenticator.success(), "deny", authenticator.failure(), "ignore",
                    authenticator.ignored(), "unavailable", authenticator.unavailableCount()));
        }
        if (cfg.aclQuery() != null) {
            s.put("acl", acl.counters());
        }
        s.put("rules", cfg.rules().size());
        return s;
    }

    /** Flushes what the writer holds (up to {@code flush_timeout}), then closes threads and pool. */
    @Override
    public synchronized void close() {
        writer.stop(settings.flushTimeout().toMillis());
        queries.shutdownNow();
        db.close();
        LOG.info("backend-mysql stopped: {} writes stored, {} failed, {} dropped", writer.written(), writer.failed(),
                writer.dropped());
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        ClassLoader loader = MysqlBackend.class.getClassLoader();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader); // the embedded driver's classes, whatever thread started us
            return t;
        };
    }
}
