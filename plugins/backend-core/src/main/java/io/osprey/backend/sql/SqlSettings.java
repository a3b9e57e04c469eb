package io.osprey.backend.sql;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.osprey.backend.config.BackendSettings;

/**
 * What the shared SQL backend needs from one database's parsed configuration: the keys all SQL backends read alike
 * ({@link SqlConnectionKeys}), and what only the database knows: its driver's DataSource and its schema files.
 */
public interface SqlSettings {

    SqlConnectionKeys keys();

    /** The driver's own DataSource, URL and credentials set (created with the plugin's class loader). */
    DataSource dataSource() throws SQLException;

    /** The schema files to run on the first connection, in order; none when {@code create_schema = off}. */
    List<String> schemaFiles();

    /** The keys every backend shares (pool, queue, rules, password hash, *_on_db_down). */
    default BackendSettings<SqlTemplate> common() {
        return keys().common();
    }

    /** {@code host:port/database}, for logs and status. */
    default String target() {
        return keys().target();
    }

    /** Do two snapshots need different pools? */
    default boolean sameConnection(SqlSettings other) {
        return other != null && other.getClass() == getClass() && keys().sameConnection(other.keys());
    }

    default SqlTemplate authQuery() {
        return keys().authQuery();
    }

    default SqlTemplate superQuery() {
        return keys().superQuery();
    }

    default SqlTemplate aclQuery() {
        return keys().aclQuery();
    }
}
