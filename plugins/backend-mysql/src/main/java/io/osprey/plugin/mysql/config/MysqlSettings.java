package io.osprey.plugin.mysql.config;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.config.HookRule;
import io.osprey.backend.config.RawValues;
import io.osprey.backend.sql.SqlConnectionKeys;
import io.osprey.backend.sql.SqlSettings;
import io.osprey.backend.sql.SqlTemplate;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The plugin's configuration ({@code etc/osprey.backend.mysql.cfg}), parsed and checked; immutable. A new snapshot
 * replaces the one in force only when every value in it is good. The keys every SQL backend reads alike are in
 * {@link #keys()}; what is MySQL's own is the driver URL.
 */
public record MysqlSettings(SqlConnectionKeys keys) implements SqlSettings {

    /** The name ConfigReader derives from {@code etc/osprey.backend.mysql.cfg} (environment: OSPREY_BACKEND_MYSQL__…). */
    public static final String NAME = "backend.mysql";
    /** The backend tables: mqtt_client, mqtt_sub, mqtt_msg, mqtt_retain, mqtt_acked. */
    public static final String BACKEND_SCHEMA = "backend-mysql.sql";
    /** The authentication tables: mqtt_user, mqtt_acl. */
    public static final String AUTH_SCHEMA = "auth-mysql.sql";

    /** Parses ConfigAdmin's properties (with environment overrides). */
    public static MysqlSettings parse(Map<String, ?> properties, Path home) throws ConfigException {
        return parse(ConfigReader.of(NAME, RawValues.restorePlaceholders(properties)), home);
    }

    public static MysqlSettings parse(ConfigReader r, Path home) throws ConfigException {
        SqlConnectionKeys keys = SqlConnectionKeys.parse(r, home, "127.0.0.1:3306", 3306, List.of("user", "username"),
                "root");
        r.check();
        return new MysqlSettings(keys);
    }

    /** The driver URL: everything but the credentials, which go to the DataSource. */
    public String jdbcUrl() {
        BackendSettings<SqlTemplate> common = keys.common();
        StringBuilder u = new StringBuilder("jdbc:mariadb://").append(keys.server()).append('/')
                .append(keys.database()).append('?');
        u.append("connectTimeout=").append(Math.max(1, common.connectTimeout().toMillis()));
        // a read that hangs longer than this breaks the connection (the server stopped answering)
        u.append("&socketTimeout=").append(Math.max(10_000, 2 * common.queryTimeout().toMillis()));
        if (!keys.ssl()) {
            u.append("&sslMode=disable");
        } else if (!keys.sslVerify()) {
            u.append("&sslMode=trust");
        } else {
            u.append("&sslMode=verify-full");
            if (!keys.sslCaCertFile().isEmpty()) {
                // the driver reads serverSslCert as a URL (a bare or form-encoded path fails with "URI is not
                // absolute") and does not decode URL parameters: a file URI, with '&' escaped as the URL allows
                u.append("&serverSslCert=").append(Path.of(keys.sslCaCertFile()).toUri().toASCIIString()
                        .replace("&", "%26"));
            }
        }
        u.append("&useBulkStmts=true&useBulkStmtsForInserts=true&cachePrepStmts=true");
        return u.toString();
    }

    /** MariaDB Connector/J's own DataSource: {@code java.sql.DriverManager} is never asked. */
    @Override
    public DataSource dataSource() throws SQLException {
        MariaDbDataSource source = new MariaDbDataSource(jdbcUrl());
        source.setUser(keys.user());
        source.setPassword(keys.password());
        return source;
    }

    @Override
    public List<String> schemaFiles() {
        return keys.schemaFiles(BACKEND_SCHEMA, AUTH_SCHEMA);
    }

    public String user() {
        return keys.user();
    }

    public boolean needsAuthTables() {
        return keys.needsAuthTables();
    }

    public int poolSize() {
        return keys.common().poolSize();
    }

    public int maxReturnedCount() {
        return keys.common().maxReturnedCount();
    }

    public Duration timeRange() {
        return keys.common().timeRange();
    }

    public boolean authDenyWhenDown() {
        return keys.common().authDenyWhenDown();
    }

    public List<HookRule<SqlTemplate>> rules() {
        return keys.common().rules();
    }

    /** The rules of one hook point, in key order. */
    public List<HookRule<SqlTemplate>> rules(String point) {
        return keys.common().rules(point);
    }

    @Override
    public String toString() {
        return "MysqlSettings{" + target() + ", user=" + user() + ", pool_size=" + poolSize() + ", rules="
                + rules().size() + ", auth=" + (authQuery() != null) + ", acl=" + (aclQuery() != null) + "}";
    }
}
