package io.osprey.backend.sql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.write.Health;

/**
 * The connection pool (HikariCP over the driver's own {@link DataSource}) and what the plugin knows of the server's
 * health ({@link Health}).
 * <p>
 * The driver's DataSource is created by the plugin from its own class loader, so {@code java.sql.DriverManager} is
 * never involved and the embedded driver works inside OSGi. The pool starts without waiting for the server, so the
 * plugin starts while the database is down. While the server is known to be down, {@link #connection()} fails at
 * once except for one probe per {@code retry_interval}; the writer uses {@link #connectionForWriter()}, which always
 * tries.
 */
public final class Database implements AutoCloseable {

    private final SqlDialect dialect;
    private final Schema schema;
    private final HikariDataSource pool;
    private final Health health;
    private final int poolSize;

    /**
     * @param source the driver's DataSource, with URL and credentials set
     * @param target {@code host:port/database}, for logs and status
     * @param schema the tables to create on the first connection
     */
    public Database(SqlDialect dialect, String target, DataSource source, BackendSettings<?> settings, Schema schema) {
        this.dialect = dialect;
        this.schema = schema;
        this.poolSize = settings.poolSize();
        this.health = new Health(dialect.plugin(), dialect.server(), target, settings.retryInterval().toMillis());
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(source.getClass().getClassLoader());
        try {
            HikariConfig c = new HikariConfig();
            c.setPoolName(dialect.plugin());
            c.setDataSource(source);
            c.setMaximumPoolSize(poolSize);
            c.setMinimumIdle(poolSize);
            c.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
            c.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis(), 5000)));
            c.setInitializationFailTimeout(-1); // start now, connect in the background
            c.setAutoCommit(true);
            c.setRegisterMbeans(false);
            this.pool = new HikariDataSource(c);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** A connection for a query that should not wait for a server known to be down. */
    public Connection connection() throws SQLException {
        if (!health.mayTry()) {
            throw new SQLTransientConnectionException(dialect.server() + " is unreachable: " + health.lastError());
        }
        return open();
    }

    /** A connection for the writer, which retries by itself: always tries the server. */
    public Connection connectionForWriter() throws SQLException {
        return open();
    }

    private Connection open() throws SQLException {
        Connection c = null;
        try {
            c = pool.getConnection();
            schema.ensure(c, this);
            health.markUp();
            return c;
        } catch (SQLException e) {
            if (c != null) {
                c.close();
            }
            markDown(e);
            throw e;
        }
    }

    /** Records a failure; only connection failures mark the server down. */
    public void markDown(SQLException e) {
        if (isConnectionError(e)) {
            health.markDown(Health.rootMessage(e));
        }
    }

    public Health health() {
        return health;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** Is {@code e} about the connection (server down, network, pool timeout) rather than about the statement? */
    public boolean isConnectionError(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("70100"))) {
                    return true;
                }
                if (dialect.isVendorConnectionError(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Pool state for {@code ctl <plugin> status}. */
    public Map<String, Object> status() {
        Map<String, Object> s = health.status();
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        s.put("pool_size", poolSize);
        if (bean != null) {
            s.put("connections", bean.getTotalConnections());
            s.put("active", bean.getActiveConnections());
            s.put("idle", bean.getIdleConnections());
            s.put("waiting", bean.getThreadsAwaitingConnection());
        }
        return s;
    }

    @Override
    public void close() {
        pool.close();
    }
}
