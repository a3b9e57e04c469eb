package io.osprey.plugin.mysql;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * A private MariaDB server for one test class: Debian's {@code mariadbd} on a free loopback port with a throwaway
 * data folder (no system service, no change to any installed server), a database {@code mqtt} and a real user with
 * a password and grants on it only, which is what the plugin connects as. Register it with
 * {@code @RegisterExtension static MariaDbServer db = new MariaDbServer();}.
 * <p>
 * When {@code mariadbd} is not installed the test class fails, saying so: these tests are not optional (CI installs
 * {@code mariadb-server}).
 */
public final class MariaDbServer implements BeforeAllCallback, AfterAllCallback {

    public static final String DATABASE = "mqtt";
    public static final String USER = "osprey";
    public static final String PASSWORD = "osprey-secret";

    private static MariaDbServer shared;

    private final boolean isShared;
    private final List<String> serverOptions;
    private Path dir;
    private Path dataDir;
    private int port;
    private Process process;
    private String mariadbd;

    /** A server for one test class, stopped after it. */
    public MariaDbServer() {
        this(false, List.of());
    }

    /** A server for one test class with more {@code mariadbd} options (e.g. {@code --ssl-cert=…}). */
    public MariaDbServer(List<String> serverOptions) {
        this(false, serverOptions);
    }

    private MariaDbServer(boolean isShared, List<String> serverOptions) {
        this.isShared = isShared;
        this.serverOptions = List.copyOf(serverOptions);
    }

    /**
     * One server for every test class of this JVM that only reads and writes rows (not for tests that stop it);
     * started by the first class, stopped when the JVM exits. Classes sharing it clean their own tables.
     */
    public static synchronized MariaDbServer shared() {
        if (shared == null) {
            shared = new MariaDbServer(true, List.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "mariadb-shutdown"));
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

    /** Creates the data folder and starts the server (once per instance). */
    public synchronized void start() throws Exception {
        if (process != null) {
            return;
        }
        mariadbd = find("mariadbd", "mysqld");
        String installDb = find("mariadb-install-db", "mysql_install_db");
        dir = Files.createTempDirectory("osprey-mariadb-");
        dataDir = dir.resolve("data");
        port = freePort();
        long t0 = System.nanoTime();
        List<String> install = new ArrayList<>(List.of(installDb, "--no-defaults", "--datadir=" + dataDir,
                "--auth-root-authentication-method=normal", "--skip-test-db", "--innodb-log-file-size=8M",
                "--innodb-buffer-pool-size=32M"));
        if (isRoot()) {
            install.add("--user=root");
        }
        run(install, dir.resolve("install.log"));
        launch();
        try (Connection c = root(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
            s.execute("CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'127.0.0.1'");
        }
        System.out.printf("[mariadb] %s ready on 127.0.0.1:%d in %d ms (data %s)%n", mariadbd, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dataDir);
    }

    private void launch() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(mariadbd, "--no-defaults", "--datadir=" + dataDir,
                "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
                "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve", "--innodb-log-file-size=8M",
                "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=2", "--skip-log-bin",
                "--max-connections=200", "--log-error=" + dir.resolve("error.log")));
        cmd.addAll(serverOptions);
        if (isRoot()) {
            cmd.add("--user=root");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile());
        process = pb.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ":\n" + errorLog());
            }
            try (Connection c = root()) {
                return;
            } catch (SQLException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("mariadbd did not accept connections within 60 s:\n" + errorLog());
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops the server gracefully (SIGTERM), as an admin would; {@link #restart()} brings it back. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Kills the server (SIGKILL): a crash. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the stopped server again on the same port and data. */
    public synchronized void restart() throws Exception {
        stop();
        launch();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind
            }
        }
    }

    public int port() {
        return port;
    }

    /** The plugin's connection keys for {@code etc/osprey.backend.mysql.cfg}. */
    public Map<String, Object> pluginConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("server", "127.0.0.1:" + port);
        c.put("user", USER);
        c.put("password", PASSWORD);
        c.put("database", DATABASE);
        return c;
    }

    /** A connection as root (no password on loopback in this private server). */
    public Connection root() throws SQLException {
        MariaDbDataSource ds = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=2000");
        ds.setUser("root");
        return ds.getConnection();
    }

    /** A connection to the test database as root. */
    public Connection connection() throws SQLException {
        MariaDbDataSource ds = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE
                + "?connectTimeout=2000");
        ds.setUser("root");
        return ds.getConnection();
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

    /** The first column of the first row as a long (0 when there is none). */
    public long count(String sql, Object... params) throws SQLException {
        List<Map<String, Object>> r = rows(sql, params);
        if (r.isEmpty()) {
            return 0;
        }
        Object v = r.get(0).values().iterator().next();
        return v == null ? 0 : ((Number) v).longValue();
    }

    public String errorLog() {
        try {
            Path log = dir.resolve("error.log");
            String text = Files.exists(log) ? Files.readString(log) : "(no error log)";
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static String find(String... names) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/usr/libexec"));
        for (String name : names) {
            for (String d : dirs) {
                if (d.isEmpty()) {
                    continue;
                }
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new IllegalStateException(String.join(" / ", names) + " not found on PATH or in /usr/sbin: these "
                + "tests need a MariaDB server binary. Install Debian's package: apt-get install -y mariadb-server "
                + "(the tests start their own private server; the system service is not used)");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> cmd, Path log) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd.get(0) + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(cmd.get(0) + " failed with " + p.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
