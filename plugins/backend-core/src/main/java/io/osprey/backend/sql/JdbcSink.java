package io.osprey.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import io.osprey.backend.write.Health;
import io.osprey.backend.write.Sink;
import io.osprey.backend.write.UnavailableException;

/**
 * Writes a batch in one transaction: each run of writes with the same statement goes to the server as one JDBC batch.
 * A statement the server rejects (a bad rule, data too long) makes the transaction roll back, and the batch is re-run
 * one write at a time so that only the rejected writes fail.
 */
public final class JdbcSink implements Sink<Write> {

    private final Database db;

    public JdbcSink(Database db) {
        this.db = db;
    }

    @Override
    public Health health() {
        return db.health();
    }

    @Override
    public void write(List<Write> batch, Results<Write> results) throws UnavailableException {
        try (Connection c = db.connectionForWriter()) {
            try {
                c.setAutoCommit(false);
                int i = 0;
                while (i < batch.size()) {
                    int j = i;
                    String sql = batch.get(i).sql();
                    while (j < batch.size() && batch.get(j).sql().equals(sql)) {
                        j++;
                    }
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        if (j - i == 1) {
                            bind(ps, batch.get(i).params());
                            ps.executeUpdate();
                        } else {
                            for (int k = i; k < j; k++) {
                                bind(ps, batch.get(k).params());
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                    }
                    i = j;
                }
                c.commit();
                results.stored(batch.size());
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (db.isConnectionError(e)) {
                    throw e;
                }
                writeOneByOne(c, batch, results);
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the pool discards a broken connection
                }
            }
        } catch (SQLException e) {
            db.markDown(e);
            throw new UnavailableException(Health.rootMessage(e), e);
        }
    }

    private void writeOneByOne(Connection c, List<Write> batch, Results<Write> results) throws SQLException {
        c.setAutoCommit(true);
        // writes already stored are removed from the batch, so a connection failure half-way retries only the rest
        while (!batch.isEmpty()) {
            Write w = batch.get(0);
            try (PreparedStatement ps = c.prepareStatement(w.sql())) {
                bind(ps, w.params());
                ps.executeUpdate();
                results.stored(1);
            } catch (SQLException e) {
                if (db.isConnectionError(e)) {
                    throw e;
                }
                results.refused(w, e);
            }
            batch.remove(0);
        }
    }

    /** Binds values in order; {@code null} as a VARCHAR null. */
    public static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // connection already broken: the pool replaces it
        }
    }
}
