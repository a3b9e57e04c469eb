package io.osprey.plugin.pgsql;

import static io.osprey.backend.testing.ServerProcesses.asUser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.osprey.backend.testing.ServerProcesses;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private PostgreSQL cluster for one test class: Debian's PostgreSQL 15 binaries, a cluster made by {@code initdb}
 * in a temporary folder, started with {@code pg_ctl} on a free loopback port (no system service, no change to an
 * installed cluster), a database {@code mqtt} and a role with a password that owns it, which is what the plugin
 * connects as. PostgreSQL refuses to run as root: when the tests run as root, the cluster runs as the
 * {@code postgres} user the Debian package creates. Register with
 * {@code @RegisterExtension static PostgresServer db = new PostgresServer();}.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

    public static final String DATABASE = "mqtt";
    public static final String USER = "osprey";
    public static final String PASSWORD = "osprey-secret";
    static final String SUPERUSER = "postgres";
    static final String SUPERUSER_PASSWORD = "pg-secret";
    static final String OS_USER = "postgres";
    static final List<String> BIN_DIRS = List.of("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin",
            "/usr/lib/postgresql/17/bin");

    private static PostgresServer shared;

    private final boolean isShared;
    private final List<String> settings;
    private Path dir;
    private Path dataDir;
    private int port;
    private String pgCtl;
    private boolean running;

    public PostgresServer() {
        this(false, List.of());
    }

    /** A cluster with more {@code postgresql.conf} settings, e.g. {@code ssl=on}. */
    public PostgresServer(List<String> settings) {
        this(false, settings);
    }

    private PostgresServer(boolean isShared, List<String> settings) {
        this.isShared = isShared;
        this.settings = List.copyOf(settings);
    }

    /** One cluster for every test class of this JVM that does not stop it; stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = new PostgresServer(true, List.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-shutdown"));
        }
        return shared;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!isShared) {
            close();
        }
    }

    /** The folder the cluster's files live in (owned by the server's user): for key material the test adds. */
    public Path dir() {
        return dir;
    }

    /** Makes the cluster and starts it (once per instance); {@code beforeStart} may add files to {@link #dir()}. */
    public synchronized void start() throws Exception {
        if (dir != null) {
            return;
        }
        String initdb = ServerProcesses.find("postgresql", BIN_DIRS, "initdb");
        pgCtl = ServerProcesses.find("postgresql", BIN_DIRS, "pg_ctl");
        dir = Files.createTempDirectory("osprey-pg-");
        dataDir = dir.resolve("data");
        port = ServerProcesses.freePort();
        long t0 = System.nanoTime();
        Path pw = dir.resolve("pw");
        Files.writeString(pw, SUPERUSER_PASSWORD + "\n");
        ServerProcesses.chown(OS_USER, dir);
        ServerProcesses.run(asUser(OS_USER, List.of(initdb, "-D", dataDir.toString(), "-U", SUPERUSER,
                "--pwfile=" + pw, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale",
                "--no-sync")), dir.resolve("initdb.log"), 120);
        launch();
        try (Connection c = superuser("postgres"); var s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER + " ENCODING 'UTF8'");
        }
        System.out.printf("[postgres] cluster ready on 127.0.0.1:%d in %d ms (data %s)%n", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dataDir);
    }

    private void launch() throws Exception {
        List<String> options = new ArrayList<>(List.of("-p", String.valueOf(port), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
                "-c", "shared_buffers=32MB", "-c", "max_connections=100"));
        for (String s : settings) {
            options.add("-c");
            options.add(s);
        }
        ServerProcesses.run(asUser(OS_USER, List.of(pgCtl, "start", "-w", "-t", "60", "-D", dataDir.toString(),
                "-l", dir.resolve("server.log").toString(), "-o", String.join(" ", options))),
                dir.resolve("pg_ctl.log"), 90);
        running = true;
    }

    /** Stops the server; {@code immediate} is a crash (every backend killed, no checkpoint), else a fast shutdown. */
    public synchronized void stop(boolean immediate) throws Exception {
        if (running) {
            ServerProcesses.run(asUser(OS_USER, List.of(pgCtl, "stop", "-w", "-D", dataDir.toString(), "-m",
                    immediate ? "immediate" : "fast")), dir.resolve("pg_ctl.log"), 60);
            running = false;
        }
    }

    /** Starts the stopped server again on the same port and data. */
    public synchronized void restart() throws Exception {
        stop(false);
        launch();
    }

    public boolean isRunning() {
        return running;
    }

    public synchronized void close() {
        try {
            stop(false);
        } catch (Exception e) {
            System.out.println("[postgres] stop failed: " + e.getMessage());
        }
        ServerProcesses.deleteTree(dir);
    }

    public int port() {
        return port;
    }

    /** The plugin's connection keys for {@code etc/osprey.backend.pgsql.cfg}. */
    public Map<String, String> pluginConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("server", "127.0.0.1:" + port);
        c.put("username", USER);
        c.put("password", PASSWORD);
        c.put("database", DATABASE);
        return c;
    }

    Connection superuser(String database) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=2");
        ds.setUser(SUPERUSER);
        ds.setPassword(SUPERUSER_PASSWORD);
        return ds.getConnection();
    }

    /** A connection to the test database as the superuser. */
    public Connection connection() throws SQLException {
        return superuser(DATABASE);
    }

    /** Runs a statement with bound parameters; returns the update count. */
    public int execute(String sql, Object... params) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** The rows of a query, each a map of column label to value (byte arrays as UTF-8 strings). */
    public List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.put(rs.getMetaData().getColumnLabel(i), v instanceof byte[] b
                                ? new String(b, StandardCharsets.UTF_8) : v);
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** The first column of the first row as a long (0 when there is none or it is null). */
    public long count(String sql, Object... params) throws SQLException {
        List<Map<String, Object>> r = rows(sql, params);
        if (r.isEmpty()) {
            return 0;
        }
        Object v = r.get(0).values().iterator().next();
        return v == null ? 0 : ((Number) v).longValue();
    }

    public String serverLog() {
        return ServerProcesses.tail(dir.resolve("server.log"), 4000);
    }
}
