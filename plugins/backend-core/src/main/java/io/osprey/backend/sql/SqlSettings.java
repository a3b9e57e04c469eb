package io.osprey.backend.sql;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.osprey.backend.config.BackendSettings;

/** What the shared SQL backend needs from one database's parsed configuration. */
public interface SqlSettings {

    /** The keys every backend shares (pool, queue, rules, password hash, *_on_db_down). */
    BackendSettings<SqlTemplate> common();

    /** {@code host:port/database}, for logs and status. */
    String target();

    /** The driver's own DataSource, URL and credentials set (created with the plugin's class loader). */
    DataSource dataSource() throws SQLException;

    /** Do two snapshots need different pools? */
    boolean sameConnection(SqlSettings other);

    /** The schema files to run on the first connection, in order; none when {@code create_schema = off}. */
    List<String> schemaFiles();

    SqlTemplate authQuery();

    SqlTemplate superQuery();

    SqlTemplate aclQuery();
}
