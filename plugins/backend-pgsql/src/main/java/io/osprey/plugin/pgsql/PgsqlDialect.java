package io.osprey.plugin.pgsql;

import java.sql.SQLException;
import java.util.Set;

import io.osprey.backend.sql.SqlDialect;
import io.osprey.backend.sql.SqlStatements;

/**
 * PostgreSQL for the shared SQL backend: upserts with {@code ON CONFLICT} on the md5 keys of etc/sql/backend-pgsql.sql,
 * and the SQLStates by which the server says it is going away, cannot take a connection, or cancelled a statement
 * that ran past {@code query_timeout}.
 */
final class PgsqlDialect implements SqlDialect, SqlStatements {

    static final PgsqlDialect INSTANCE = new PgsqlDialect();

    /** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, query_canceled. */
    private static final Set<String> CONNECTION_STATES = Set.of("57P01", "57P02", "57P03", "53300", "57014");

    private PgsqlDialect() {
    }

    @Override
    public String plugin() {
        return "backend-pgsql";
    }

    @Override
    public String server() {
        return "PostgreSQL";
    }

    @Override
    public SqlStatements statements() {
        return this;
    }

    @Override
    public boolean isVendorConnectionError(SQLException e) {
        return e.getSQLState() != null && CONNECTION_STATES.contains(e.getSQLState());
    }

    @Override
    public String clientConnected() {
        return "insert into mqtt_client(clientid, state, node, online_at, offline_at) values(?, '1', ?, ?, null) "
                + "on conflict ((md5(clientid))) do update set state = '1', node = excluded.node, "
                + "online_at = excluded.online_at, offline_at = null";
    }

    @Override
    public String storeRetained() {
        return "insert into mqtt_retain(topic, msgid, sender, node, qos, payload, arrived) values(?, ?, ?, ?, ?, ?, ?) "
                + "on conflict ((md5(topic))) do update set msgid = excluded.msgid, sender = excluded.sender, "
                + "node = excluded.node, qos = excluded.qos, payload = excluded.payload, arrived = excluded.arrived";
    }

    @Override
    public String newPosition() {
        return "insert into mqtt_acked(clientid, topic, mid, created) values(?, ?, 0, ?) on conflict do nothing";
    }
}
