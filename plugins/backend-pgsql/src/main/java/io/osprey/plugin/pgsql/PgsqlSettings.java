package io.osprey.plugin.pgsql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.config.RawValues;
import io.osprey.backend.sql.SqlConnectionKeys;
import io.osprey.backend.sql.SqlSettings;
import io.osprey.backend.sql.SqlTemplate;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The plugin's configuration ({@code etc/osprey.backend.pgsql.cfg}), parsed and checked; immutable. The keys every SQL
 * backend reads alike are in {@link #keys()}; what is PostgreSQL's own is the driver URL (sslmode, sslrootcert).
 */
public record PgsqlSettings(SqlConnectionKeys keys) implements SqlSettings {

    /** The name ConfigReader derives from {@code etc/osprey.backend.pgsql.cfg} (environment: OSPREY_BACKEND_PGSQL__…). */
    public static final String NAME = "backend.pgsql";
    public static final String BACKEND_SCHEMA = "backend-pgsql.sql";
    public static final String AUTH_SCHEMA = "auth-pgsql.sql";

    /** Parses ConfigAdmin's properties (with environment overrides). */
    public static PgsqlSettings parse(Map<String, ?> properties, Path home) throws ConfigException {
        return parse(ConfigReader.of(NAME, RawValues.restorePlaceholders(properties)), home);
    }

    public static PgsqlSettings parse(ConfigReader r, Path home) throws ConfigException {
        SqlConnectionKeys keys = SqlConnectionKeys.parse(r, home, "127.0.0.1:5432", 5432,
                List.of("username", "user"), "postgres");
        r.check();
        return new PgsqlSettings(keys);
    }

    public String username() {
        return keys.user();
    }

    /** {@code disable}, {@code require} (encrypted, certificate not checked) or {@code verify-full}. */
    public String sslMode() {
        return !keys.ssl() ? "disable" : keys.sslVerify() ? "verify-full" : "require";
    }

    /** The driver URL: everything but the credentials, which go to the DataSource. */
    public String jdbcUrl() {
        StringBuilder u = new StringBuilder("jdbc:postgresql://").append(keys.server()).append('/')
                .append(keys.database()).append('?');
        BackendSettings<SqlTemplate> common = keys.common();
        u.append("connectTimeout=").append(Math.max(1, (common.connectTimeout().toMillis() + 999) / 1000));
        // a read that hangs longer than this breaks the connection (the server stopped answering)
        u.append("&socketTimeout=").append(Math.max(10, 2 * common.queryTimeoutSeconds()));
        u.append("&ApplicationName=osprey-backend-pgsql");
        // strings bound without a type: the server infers it from the column (a placeholder may go to any column)
        u.append("&stringtype=unspecified");
        // a JDBC batch of inserts goes to the server as multi-row inserts (several times the rows/s of one by one)
        u.append("&reWriteBatchedInserts=true");
        String mode = sslMode();
        u.append("&sslmode=").append(mode);
        if (mode.equals("require")) {
            u.append("&sslfactory=org.postgresql.ssl.NonValidatingFactory");
        } else if (mode.equals("verify-full")) {
            if (keys.sslCaCertFile().isEmpty()) {
                u.append("&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory"); // the JVM's trusted CAs
            } else {
                u.append("&sslrootcert=").append(URLEncoder.encode(keys.sslCaCertFile(), StandardCharsets.UTF_8));
            }
        }
        return u.toString();
    }

    /** The driver's own DataSource: {@code java.sql.DriverManager} is never asked. */
    @Override
    public DataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(jdbcUrl());
        source.setUser(keys.user());
        source.setPassword(keys.password());
        return source;
    }

    @Override
    public List<String> schemaFiles() {
        return keys.schemaFiles(BACKEND_SCHEMA, AUTH_SCHEMA);
    }

    @Override
    public String toString() {
        return "PgsqlSettings{" + target() + ", username=" + username() + ", sslmode=" + sslMode() + ", pool_size="
                + common().poolSize() + ", rules=" + common().rules().size() + ", auth=" + (authQuery() != null)
                + ", acl=" + (aclQuery() != null) + "}";
    }
}
