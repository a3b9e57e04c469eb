package io.osprey.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.osprey.backend.auth.AclRow;
import io.osprey.backend.auth.AuthSource;
import io.osprey.backend.auth.Cidr;
import io.osprey.backend.auth.Credentials;
import io.osprey.backend.write.Health;
import io.osprey.backend.write.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and ACL rows from SQL, in the shape of EMQX's emqx_auth_mysql / emqx_auth_pgsql: {@code auth_query} returns
 * {@code password} (and {@code salt}) columns, {@code super_query} a truthy first column, {@code acl_query} mqtt_acl
 * rows (allow, ipaddr, username, clientid, access, topic). Every placeholder is a bound parameter.
 */
public final class SqlAuthSource implements AuthSource {

    private static final Logger LOG = LoggerFactory.getLogger(SqlAuthSource.class);

    /** The three queries of one configuration; any may be {@code null} (off). */
    public record Queries(SqlTemplate auth, SqlTemplate superuser, SqlTemplate acl, int timeoutSeconds) {
    }

    private final Supplier<Database> db;
    private final Supplier<Queries> queries;
    private volatile long lastErrorLog;

    public SqlAuthSource(Supplier<Database> db, Supplier<Queries> queries) {
        this.db = db;
        this.queries = queries;
    }

    @Override
    public StoredPassword password(Credentials who) throws UnavailableException {
        Queries q = queries.get();
        if (q.auth() == null) {
            return null;
        }
        Database d = db.get();
        try (Connection c = d.connection(); PreparedStatement ps = prepare(c, q.auth(), who, q.timeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            return new StoredPassword(column(rs, "password", 1), column(rs, "salt", 2));
        } catch (SQLException e) {
            throw unavailable(d, e);
        }
    }

    @Override
    public boolean isSuperuser(Credentials who) {
        Queries q = queries.get();
        if (q.superuser() == null) {
            return false;
        }
        Database d = db.get();
        try (Connection c = d.connection(); PreparedStatement ps = prepare(c, q.superuser(), who, q.timeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && AuthSource.truthy(rs.getString(1));
        } catch (SQLException e) {
            d.markDown(e);
            log(d, "super_query failed for " + who.clientId() + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public List<AclRow> aclRows(Credentials who) throws UnavailableException {
        Queries q = queries.get();
        if (q.acl() == null) {
            return List.of();
        }
        Database d = db.get();
        try (Connection c = d.connection(); PreparedStatement ps = prepare(c, q.acl(), who, q.timeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            List<AclRow> rows = new ArrayList<>();
            while (rs.next()) {
                AclRow row = row(d, rs);
                if (row != null) {
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw unavailable(d, e);
        }
    }

    private AclRow row(Database d, ResultSet rs) throws SQLException {
        String ip = rs.getString("ipaddr");
        Cidr cidr = null;
        if (ip != null && !ip.isBlank()) {
            cidr = Cidr.parse(ip);
            if (cidr == null) {
                log(d, "mqtt_acl row with ipaddr '" + ip + "' skipped: not an address or CIDR");
                return null;
            }
        }
        return AclRow.of(AuthSource.truthy(rs.getString("allow")), cidr, rs.getString("username"),
                rs.getString("clientid"), rs.getInt("access"), rs.getString("topic"), problem -> log(d, problem));
    }

    private static PreparedStatement prepare(Connection conn, SqlTemplate t, Credentials who, int timeoutSeconds)
            throws SQLException {
        PreparedStatement ps = conn.prepareStatement(t.sql());
        ps.setQueryTimeout(timeoutSeconds);
        JdbcSink.bind(ps, t.bind(who));
        return ps;
    }

    /** The column by label if the query has it, else by position (or {@code null} when there is none). */
    private static String column(ResultSet rs, String label, int position) throws SQLException {
        try {
            return rs.getString(rs.findColumn(label));
        } catch (SQLException e) {
            return rs.getMetaData().getColumnCount() >= position ? rs.getString(position) : null;
        }
    }

    private UnavailableException unavailable(Database d, SQLException e) {
        d.markDown(e);
        return new UnavailableException(Health.rootMessage(e), e);
    }

    private void log(Database d, String message) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > 10_000) {
            lastErrorLog = now;
            LOG.warn("{}: {} (further messages within 10 s are only counted)", d.dialect().plugin(), message);
        }
    }
}
