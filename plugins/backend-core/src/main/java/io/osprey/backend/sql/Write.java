package io.osprey.backend.sql;

import io.osprey.backend.write.Queued;

/**
 * One statement to run with its bound values, queued for the writer. Consecutive writes with the same {@code sql}
 * go to the server as one JDBC batch.
 *
 * @param sql         the statement with {@code ?} parameters (from a {@link SqlTemplate} or a built-in statement)
 * @param params      the values, bound in order
 * @param coalesceKey writes with the same key are interchangeable except for the last one (a read position that
 *                    only moves forward): within a batch only the last of them runs; {@code null} for none
 */
public record Write(String sql, Object[] params, String coalesceKey) implements Queued {

    public Write(String sql, Object[] params) {
        this(sql, params, null);
    }

    @Override
    public String toString() {
        return sql;
    }
}
