package io.osprey.backend.sql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.config.HostPort;

/**
 * The keys every SQL backend reads alike: {@code server}, the user and {@code password}, {@code database},
 * {@code ssl}, {@code ssl.verify}, {@code ssl.cacertfile}, {@code create_schema}, the shared keys
 * ({@link BackendSettings}) and {@code auth_query}, {@code super_query}, {@code acl_query}. A database's settings add
 * its driver URL on top.
 */
public record SqlConnectionKeys(HostPort server, String user, String password, String database, boolean ssl,
                                boolean sslVerify, String sslCaCertFile, boolean createSchema,
                                BackendSettings<SqlTemplate> common, SqlTemplate authQuery, SqlTemplate superQuery,
                                SqlTemplate aclQuery) {

    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$\\-]{1,64}");

    /**
     * Reads the keys; errors are collected in {@code r} (the caller calls {@code r.check()}).
     *
     * @param userKeys the user's key, then the alias also read ({@code user}, {@code username})
     * @param home     the node folder, against which a relative {@code ssl.cacertfile} is resolved, or {@code null}
     */
    public static SqlConnectionKeys parse(ConfigReader r, Path home, String defaultServer, int defaultPort,
                                          List<String> userKeys, String defaultUser) {
        HostPort server = HostPort.read(r, "server", defaultServer, defaultPort);
        String user = r.string(userKeys.get(0), r.string(userKeys.get(1), defaultUser));
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
        return new SqlConnectionKeys(server, user, password, database, ssl, verify.equals("verify_peer"), caFile,
                createSchema, common, authQuery, superQuery, aclQuery);
    }

    /** {@code host:port/database}, for logs and status. */
    public String target() {
        return server + "/" + database;
    }

    /** Do two snapshots need different pools? */
    public boolean sameConnection(SqlConnectionKeys o) {
        return o != null && server.equals(o.server) && user.equals(o.user) && password.equals(o.password)
                && database.equals(o.database) && ssl == o.ssl && sslVerify == o.sslVerify
                && sslCaCertFile.equals(o.sslCaCertFile) && createSchema == o.createSchema
                && common.poolSize() == o.common.poolSize() && common.connectTimeout().equals(o.common.connectTimeout())
                && common.queryTimeout().equals(o.common.queryTimeout())
                && common.retryInterval().equals(o.common.retryInterval()) && needsAuthTables() == o.needsAuthTables();
    }

    public boolean needsAuthTables() {
        return authQuery != null || aclQuery != null;
    }

    /** The schema files to run, in order: none with {@code create_schema = off}; the auth tables' when needed. */
    public List<String> schemaFiles(String backendFile, String authFile) {
        List<String> files = new ArrayList<>();
        if (createSchema) {
            files.add(backendFile);
            if (needsAuthTables()) {
                files.add(authFile);
            }
        }
        return files;
    }
}
