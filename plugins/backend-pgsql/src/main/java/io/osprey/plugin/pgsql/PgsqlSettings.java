package io.osprey.plugin.pgsql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.config.HostPort;
import io.osprey.backend.config.RawValues;
import io.osprey.backend.sql.SqlSettings;
import io.osprey.backend.sql.SqlTemplate;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The plugin's configuration ({@code etc/osprey.backend.pgsql.cfg}), parsed and checked; immutable. The keys every
 * backend shares (pool, queue, rules, password hash, {@code *_on_db_down}) are in {@link #common()}.
 *
 * @param sslMode {@code disable}, {@code require} (encrypted, certificate not checked) or {@code verify-full}
 */
public record PgsqlSettings(String host, int port, String username, String password, String database, String sslMode,
                            String sslCaCertFile, boolean createSchema, BackendSettings<SqlTemplate> common,
                            SqlTemplate authQuery, SqlTemplate superQuery, SqlTemplate aclQuery)
        implements SqlSettings {

    /** The name ConfigReader derives from {@code etc/osprey.backend.pgsql.cfg} (environment: OSPREY_BACKEND_PGSQL__…). */
    public static final String NAME = "backend.pgsql";
    public static final String BACKEND_SCHEMA = "backend-pgsql.sql";
    public static final String AUTH_SCHEMA = "auth-pgsql.sql";

    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$\\-]{1,63}");

    /** Parses ConfigAdmin's properties (with environment overrides). */
    public static PgsqlSettings parse(Map<String, ?> properties, Path home) throws ConfigException {
        return parse(ConfigReader.of(NAME, RawValues.restorePlaceholders(properties)), home);
    }

    public static PgsqlSettings parse(ConfigReader r, Path home) throws ConfigException {
        HostPort server = HostPort.read(r, "server", "127.0.0.1:5432", 5432);
        String username = r.string("username", r.string("user", "postgres"));
        String password = r.string("password", "");
        String database = r.string("database", "mqtt");
        if (!DATABASE.matcher(database).matches()) {
            r.error("database", database, "a database name of letters, digits, _, $ or -");
        }
        boolean ssl = r.bool("ssl", false);
        String verify = r.oneOf("ssl.verify", "verify_peer", "verify_peer", "verify_none");
        String caFile = r.string("ssl.cacertfile", "");
        if (!caFile.isEmpty() && !Path.of(caFile).isAbsolute() && home != null) {
            caFile = home.resolve(caFile).normalize().toString();
        }
        boolean createSchema = r.bool("create_schema", true);
        BackendSettings<SqlTemplate> common = BackendSettings.parse(r, SqlTemplate.RAW);
        SqlTemplate authQuery = BackendSettings.authTemplate(r, "auth_query", SqlTemplate.RAW);
        SqlTemplate superQuery = BackendSettings.authTemplate(r, "super_query", SqlTemplate.RAW);
        SqlTemplate aclQuery = BackendSettings.authTemplate(r, "acl_query", SqlTemplate.RAW);
        r.check();
        String mode = !ssl ? "disable" : verify.equals("verify_peer") ? "verify-full" : "require";
        return new PgsqlSettings(server.host(), server.port(), username, password, database, mode, caFile,
                createSchema, common, authQuery, superQuery, aclQuery);
    }

    @Override
    public String target() {
        return host + ":" + port + "/" + database;
    }

    /** The driver URL: everything but the credentials, which go to the DataSource. */
    public String jdbcUrl() {
        StringBuilder u = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(database).append('?');
        u.append("connectTimeout=").append(Math.max(1, (common.connectTimeout().toMillis() + 999) / 1000));
        // a read that hangs longer than this breaks the connection (the server stopped answering)
        u.append("&socketTimeout=").append(Math.max(10, 2 * common.queryTimeoutSeconds()));
        u.append("&ApplicationName=osprey-backend-pgsql");
        // strings bound without a type: the server infers it from the column (a placeholder may go to any column)
        u.append("&stringtype=unspecified");
        // a JDBC batch of inserts goes to the server as multi-row inserts (several times the rows/s of one by one)
        u.append("&reWriteBatchedInserts=true");
        u.append("&sslmode=").append(sslMode);
        if (sslMode.equals("require")) {
            u.append("&sslfactory=org.postgresql.ssl.NonValidatingFactory");
        } else if (sslMode.equals("verify-full")) {
            if (sslCaCertFile.isEmpty()) {
                u.append("&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory"); // the JVM's trusted CAs
            } else {
                u.append("&sslrootcert=").append(URLEncoder.encode(sslCaCertFile, StandardCharsets.UTF_8));
            }
        }
        return u.toString();
    }

    /** The driver's own DataSource: {@code java.sql.DriverManager} is never asked. */
    @Override
    public DataSource dataSource() throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(jdbcUrl());
        source.setUser(username);
        source.setPassword(password);
        return source;
    }

    @Override
    public boolean sameConnection(SqlSettings other) {
        return other instanceof PgsqlSettings o && host.equals(o.host) && port == o.port
                && username.equals(o.username) && password.equals(o.password) && database.equals(o.database)
                && sslMode.equals(o.sslMode) && sslCaCertFile.equals(o.sslCaCertFile) && createSchema == o.createSchema
                && common.poolSize() == o.common.poolSize() && common.connectTimeout().equals(o.common.connectTimeout())
                && common.queryTimeout().equals(o.common.queryTimeout())
                && common.retryInterval().equals(o.common.retryInterval()) && needsAuthTables() == o.needsAuthTables();
    }

    @Override
    public List<String> schemaFiles() {
        List<String> files = new ArrayList<>();
        if (createSchema) {
            files.add(BACKEND_SCHEMA);
            if (needsAuthTables()) {
                files.add(AUTH_SCHEMA);
            }
        }
        return files;
    }

    public boolean needsAuthTables() {
        return authQuery != null || aclQuery != null;
    }

    @Override
    public String toString() {
        return "PgsqlSettings{" + target() + ", username=" + username + ", sslmode=" + sslMode + ", pool_size="
                + common.poolSize() + ", rules=" + common.rules().size() + ", auth=" + (authQuery != null) + ", acl="
                + (aclQuery != null) + "}";
    }
}
