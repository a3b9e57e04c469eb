package io.osprey.plugin.mysql.config;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.config.HookRule;
import io.osprey.backend.config.HostPort;
import io.osprey.backend.config.RawValues;
import io.osprey.backend.sql.SqlSettings;
import io.osprey.backend.sql.SqlTemplate;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The plugin's configuration ({@code etc/osprey.backend.mysql.cfg}), parsed and checked; immutable. A new snapshot
 * replaces the one in force only when every value in it is good. The keys all backends share are in {@link #common()}.
 */
public record MysqlSettings(String host, int port, String user, String password, String database, boolean ssl,
                            boolean sslVerify, String sslCaCertFile, boolean createSchema,
                            BackendSettings<SqlTemplate> common, SqlTemplate authQuery, SqlTemplate superQuery,
                            SqlTemplate aclQuery) implements SqlSettings {

    /** The name ConfigReader derives from {@code etc/osprey.backend.mysql.cfg} (environment: OSPREY_BACKEND_MYSQL__…). */
    public static final String NAME = "backend.mysql";
    /** The backend tables: mqtt_client, mqtt_sub, mqtt_msg, mqtt_retain, mqtt_acked. */
    public static final String BACKEND_SCHEMA = "backend-mysql.sql";
    /** The authentication tables: mqtt_user, mqtt_acl. */
    public static final String AUTH_SCHEMA = "auth-mysql.sql";

    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$\\-]{1,64}");

    /** Parses ConfigAdmin's properties (with environment overrides). */
    public static MysqlSettings parse(Map<String, ?> properties, Path home) throws ConfigException {
        return parse(ConfigReader.of(NAME, RawValues.restorePlaceholders(properties)), home);
    }

    public static MysqlSettings parse(ConfigReader r, Path home) throws ConfigException {
        HostPort server = HostPort.read(r, "server", "127.0.0.1:3306", 3306);
        String user = r.string("user", r.string("username", "root"));
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
        return new MysqlSettings(server.host(), server.port(), user, password, database, ssl,
                verify.equals("verify_peer"), caFile, createSchema, common, authQuery, superQuery, aclQuery);
    }

    /** {@code host:port/database}, for logs and status. */
    @Override
    public String target() {
        return host + ":" + port + "/" + database;
    }

    /** The driver URL: everything but the credentials, which go to the DataSource. */
    public String jdbcUrl() {
        StringBuilder u = new StringBuilder("jdbc:mariadb://").append(host).append(':').append(port).append('/')
                .append(database).append('?');
        u.append("connectTimeout=").append(Math.max(1, common.connectTimeout().toMillis()));
        // a read that hangs longer than this breaks the connection (the server stopped answering)
        u.append("&socketTimeout=").append(Math.max(10_000, 2 * common.queryTimeout().toMillis()));
        if (!ssl) {
            u.append("&sslMode=disable");
        } else if (!sslVerify) {
            u.append("&sslMode=trust");
        } else {
            u.append("&sslMode=verify-full");
            if (!sslCaCertFile.isEmpty()) {
                // the driver reads serverSslCert as a URL (a bare or form-encoded path fails with "URI is not
                // absolute") and does not decode URL parameters: a file URI, with '&' escaped as the URL allows
                u.append("&serverSslCert=").append(Path.of(sslCaCertFile).toUri().toASCIIString().replace("&", "%26"));
            }
        }
        u.append("&useBulkStmts=true&useBulkStmtsForInserts=true&cachePrepStmts=true");
        return u.toString();
    }

    /** MariaDB Connector/J's own DataSource: {@code java.sql.DriverManager} is never asked. */
    @Override
    public DataSource dataSource() throws SQLException {
        MariaDbDataSource source = new MariaDbDataSource(jdbcUrl());
        source.setUser(user);
        source.setPassword(password);
        return source;
    }

    @Override
    public boolean sameConnection(SqlSettings other) {
        return other instanceof MysqlSettings o && host.equals(o.host) && port == o.port && user.equals(o.user)
                && password.equals(o.password) && database.equals(o.database) && ssl == o.ssl
                && sslVerify == o.sslVerify && sslCaCertFile.equals(o.sslCaCertFile) && createSchema == o.createSchema
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

    public int poolSize() {
        return common.poolSize();
    }

    public int maxReturnedCount() {
        return common.maxReturnedCount();
    }

    public Duration timeRange() {
        return common.timeRange();
    }

    public boolean authDenyWhenDown() {
        return common.authDenyWhenDown();
    }

    public List<HookRule<SqlTemplate>> rules() {
        return common.rules();
    }

    /** The rules of one hook point, in key order. */
    public List<HookRule<SqlTemplate>> rules(String point) {
        return common.rules(point);
    }

    @Override
    public String toString() {
        return "MysqlSettings{" + target() + ", user=" + user + ", pool_size=" + poolSize() + ", rules="
                + rules().size() + ", auth=" + (authQuery != null) + ", acl=" + (aclQuery != null) + "}";
    }
}
