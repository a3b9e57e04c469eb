package io.osprey.plugin.mysql;

import java.sql.SQLException;

import io.osprey.backend.sql.SqlDialect;
import io.osprey.backend.sql.SqlStatements;

/**
 * MySQL and MariaDB for the shared SQL backend: upserts with {@code on duplicate key update}, {@code insert ignore},
 * and the driver's error codes for a killed or timed-out connection.
 */
final class MysqlDialect implements SqlDialect, SqlStatements {

    static final MysqlDialect INSTANCE = new MysqlDialect();

    private MysqlDialect() {
    }

    @Override
    public String plugin() {
        return "backend-mysql";
    }

    @Override
    public String server() {
        return "MySQL";
    }

    @Override
    public SqlStatements statements() {
        return this;
    }

    @Override
    public boolean isVendorConnectionError(SQLException e) {
        // statement interrupted by the query timeout / connection killed / server gone
        return e.getErrorCode() == 1927 || e.getErrorCode() == 2013 || e.getErrorCode() == 2006;
    }

    @Override
    public String clientConnected() {
        return "insert into mqtt_client(clientid, state, node, online_at, offline_at) "
                + "values(?, '1', ?, ?, null) on duplicate key update state = '1', node = values(node), "
                + "online_at = values(online_at), offline_at = null";
    }

    @Override
    public String storeRetained() {
        return "insert into mqtt_retain(topic, msgid, sender, node, qos, payload, arrived) "
                + "values(?, ?, ?, ?, ?, ?, ?) on duplicate key update msgid = values(msgid), sender = values(sender), "
                + "node = values(node), qos = values(qos), payload = values(payload), arrived = values(arrived)";
    }

    @Override
    public String newPosition() {
        return "insert ignore into mqtt_acked(clientid, topic, mid, created) values(?, ?, 0, ?)";
    }
}
