package io.osprey.backend.sql;

import java.nio.file.Path;
import java.sql.SQLException;
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
 * An SQL backend without OSGi: the pool, the writer, the query threads and the hook objects over one database's
 * {@link SqlDialect}, built from one settings snapshot and reconfigured in place. A plugin's Declarative Services
 * component registers the hooks; tests register them with the broker directly.
 *
 * @param <S> the database's settings
 */
public class SqlBackend<S extends SqlSettings> implements Backend<S> {

    private static final Logger LOG = LoggerFactory.getLogger(SqlBackend.class);

    private final SqlDialect dialect;
    private final String key;
    private final Path etcSql;
    private final BackendRuntime<SqlTemplate, Write> runtime;
    private volatile S settings;
    private volatile Database db;

    /**
     * @param key    the short name in status output ({@code mysql})
     * @param etcDir the node's {@code etc/} (its {@code sql/} folder may hold adapted schema files), or {@code null}
     */
    protected SqlBackend(SqlDialect dialect, String key, S settings, PublishService publisher,
                         SubscriptionService subscriptions, MetricsService metrics, String nodeName, Path etcDir) {
        this.dialect = dialect;
        this.key = key;
        this.settings = settings;
        this.etcSql = etcDir == null ? null : etcDir.resolve("sql");
        this.db = database(settings);
        this.runtime = new BackendRuntime<>(dialect.plugin(), settings.common(), new JdbcSink(db), metrics,
                subscriptions, publisher);
        SqlLookups sqlLookups = new SqlLookups(() -> db, runtime.lookups(), runtime.writer(),
                () -> this.settings.common().queryTimeoutSeconds());
        runtime.start(new SqlActions(runtime.writer(), sqlLookups, dialect.statements()),
                new SqlAuthSource(() -> db, this::queries), subscriptions, nodeName);
        // create the tables now rather than at the first client
        runtime.execute(this::touch);
        LOG.info("{} started: {} {}, {} hook rules{}{}", dialect.plugin(), dialect.server(), settings.target(),
                settings.common().rules().size(), settings.authQuery() != null ? ", authentication" : "",
                settings.aclQuery() != null ? ", ACL" : "");
    }

    private SqlAuthSource.Queries queries() {
        S s = settings;
        return new SqlAuthSource.Queries(s.authQuery(), s.superQuery(), s.aclQuery(),
                s.common().queryTimeoutSeconds());
    }

    private Database database(S s) {
        try {
            return new Database(dialect, s.target(), s.dataSource(), s.common(),
                    new Schema(s.schemaFiles(), etcSql, getClass()));
        } catch (SQLException e) {
            throw new IllegalArgumentException("bad " + dialect.server() + " connection settings: " + e.getMessage(), e);
        }
    }

    private void touch() {
        try {
            db.connection().close();
        } catch (SQLException e) {
            // Database marked the server down and logged it; the writer and queries retry
        }
    }

    /** Applies a new snapshot: a new pool when the connection settings changed; queued writes are kept. */
    @Override
    public synchronized void reconfigure(S next) {
        Database old = db;
        if (!next.sameConnection(settings)) {
            Database fresh = database(next);
            db = fresh;
            runtime.reconfigure(next.common(), new JdbcSink(fresh));
            Thread closer = new Thread(old::close, "osprey-" + dialect.plugin() + "-close");
            closer.setDaemon(true);
            closer.start();
            runtime.execute(this::touch);
            LOG.info("{} reconnecting: {} {}", dialect.plugin(), dialect.server(), next.target());
        } else {
            runtime.reconfigure(next.common(), new JdbcSink(old));
        }
        settings = next;
    }

    @Override
    public S settings() {
        return settings;
    }

    @Override
    public BackendRuntime<SqlTemplate, Write> runtime() {
        return runtime;
    }

    @Override
    public Writer<Write> writer() {
        return runtime.writer();
    }

    @Override
    public Map<String, Object> status() {
        S s = settings;
        return runtime.status(key, db.status(), s.authQuery() != null, s.aclQuery() != null);
    }

    @Override
    public boolean authEnabled() {
        return settings.authQuery() != null;
    }

    @Override
    public boolean aclEnabled() {
        return settings.aclQuery() != null;
    }

    /** Flushes what the writer holds (up to {@code flush_timeout}), then closes threads and pool. */
    @Override
    public synchronized void close() {
        runtime.close();
        db.close();
        Writer<Write> w = runtime.writer();
        LOG.info("{} stopped: {} writes stored, {} failed, {} dropped", dialect.plugin(), w.written(), w.failed(),
                w.dropped());
    }
}
