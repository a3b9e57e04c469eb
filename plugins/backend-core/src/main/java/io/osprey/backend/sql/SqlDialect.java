package io.osprey.backend.sql;

import java.sql.SQLException;

/**
 * What one SQL database brings to the shared SQL backend code: its names, its statements for the built-in functions,
 * and the error codes by which its driver says "the connection is gone" beyond SQLState class 08.
 */
public interface SqlDialect {

    /** The plugin's name: {@code backend-mysql}. */
    String plugin();

    /** The server's kind, for messages: {@code MySQL}. */
    String server();

    SqlStatements statements();

    /** Vendor-specific connection failures (a killed connection, a server shutting down, a query timeout). */
    boolean isVendorConnectionError(SQLException e);
}
