package io.osprey.plugin.mysql.sql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.osprey.plugin.mysql.config.MysqlSettings;
import org.mariadb.jdbc.MariaDbDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool (HikariCP over MariaDB Connector/J) and what the plugin knows of the server's health.
 * <p>
 * The pool is built on the driver's own {@link MariaDbDataSource}, created from this bundle's class loader (also set
 * as the thread's context class loader meanwhile): {@code java.sql.DriverManager} is never involved, so the embedded
 * driver works inside OSGi. The pool starts without waiting for the server, so the plugin starts while MySQL is down.
 * <p>
 * Health: a connection error marks the server down. While it is down, {@link #connection()} fails at once — except
 * once per {@code retry_interval}, as a probe — so that authentication and lookups answer without waiting for the
 * pool's connect timeout; the writer uses {@link #connectionForWriter()}, which always tries.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final MysqlSettings settings;
    private final Schema schema;
    private final HikariDataSource pool;
    private final long retryMillis;
    private volatile boolean up = true;
    private volatile boolean everConnected;
    private volatile String lastError;
    private volatile long downSince;
    private volatile long lastProbe;

    /** @param schema the tables to create on the first connection */
    public Database(MysqlSettings settings, Schema schema) {
        this.settings = settings;
        this.schema = schema;
        this.retryMillis = settings.retryInterval().toMillis();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Database.class.getClassLoader());
        try {
            MariaDbDataSource source = new MariaDbDataSource(settings.jdbcUrl());
            source.setUser(settings.user());
            source.setPassword(settings.password());
            HikariConfig c = new HikariConfig();
            c.setPoolName("backend-mysql");
            c.setDataSource(source);
            c.setMaximumPoolSize(settings.poolSize());
            c.setMinimumIdle(settings.poolSize());
            c.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
            c.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis(), 5000)));
            c.setInitializationFailTimeout(-1); // start now, connect in the background
            c.setAutoCommit(true);
            c.setRegisterMbeans(false);
            this.pool = new HikariDataSource(c);
        } catch (SQLException e) {
            throw new IllegalArgumentException("bad MySQL connection settings: " + e.getMessage(), e);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** A connection for a query that should not wait for a server known to be down. */
    public Connection connection() throws SQLException {
        if (!up) {
            long now = System.currentTimeMillis();
            if (now - lastProbe < retryMillis) {
                throw new SQLTransientConnectionException("MySQL is unreachable: " + lastError);
            }
            lastProbe = now;
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
            schema.ensure(c);
            markUp();
            return c;
        } catch (SQLException e) {
            if (c != null) {
                c.close();
            }
            markDown(e);
            throw e;
        }
    }

    /** Records a successful exchange with the server. */
    public void markUp() {
        if (!up) {
            LOG.info("MySQL {} is reachable again after {} ms", settings.target(),
                    System.currentTimeMillis() - downSince);
        }
        up = true;
        everConnected = true;
    }

    /** Records a failure; only connection failures mark the server down. */
    public void markDown(SQLException e) {
        if (!isConnectionError(e)) {
            return;
        }
        lastError = rootMessage(e);
        if (up) {
            up = false;
            downSince = System.currentTimeMillis();
            lastProbe = downSince;
            LOG.warn("MySQL {} is unreachable: {}; writes are queued, and retried every {} ms", settings.target(),
                    lastError, retryMillis);
        }
    }

    public boolean isUp() {
        return up;
    }

    /** Is {@code e} about the connection (server down, network, pool timeout) rather than about the statement? */
    public static boolean isConnectionError(SQLException e) {
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
                // statement interrupted by the query timeout / connection killed
                if (s.getErrorCode() == 1927 || s.getErrorCode() == 2013 || s.getErrorCode() == 2006) {
                    return true;
                }
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    /** Pool state for {@code ctl backend-mysql status}. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("server", settings.target());
        s.put("state", up ? (everConnected ? "up" : "connecting") : "down");
        if (!up) {
            s.put("down_since", downSince);
            s.put("last_error", lastError);
        }
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        s.put("pool_size", settings.poolSize());
        if (bean != null) {
            s.put("connections", bean.getTotalConnections());
            s.put("active", bean.getActiveConnections());
            s.put("idle", bean.getIdleConnections());
            s.put("waiting", bean.getThreadsAwaitingConnection());
        }
        return s;
    }

    public MysqlSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        pool.close();
    }
}
