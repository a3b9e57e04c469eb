package io.osprey.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.backend.Topics;
import io.osprey.backend.config.HookRule;
import io.osprey.backend.hooks.Lookups;
import io.osprey.backend.write.Writer;

/**
 * The functions that read from an SQL database and act on a session: {@code on_subscribe_lookup} (subscribe the
 * client to its rows of mqtt_sub), {@code on_message_fetch} (deliver stored messages after the client's read
 * position) and {@code on_retain_lookup} (deliver stored retained messages). They run on the plugin's query threads,
 * never on the client's I/O thread; when the database is unreachable they are skipped, counted and logged.
 */
public final class SqlLookups {

    private final Supplier<Database> db;
    private final Writer<Write> writer;
    private final Supplier<Integer> queryTimeoutSeconds;
    private final Lookups runner;

    public SqlLookups(Supplier<Database> db, Lookups runner, Writer<Write> writer,
                      Supplier<Integer> queryTimeoutSeconds) {
        this.db = db;
        this.runner = runner;
        this.writer = writer;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    private SqlStatements statements() {
        return db.get().dialect().statements();
    }

    /** on_subscribe_lookup: the client's rows of mqtt_sub become subscriptions of its session. */
    public void restoreSubscriptions(String clientId) {
        submit("on_subscribe_lookup", clientId, () -> {
            List<String[]> rows = new ArrayList<>();
            try (Connection c = db.get().connection(); PreparedStatement ps = prepare(c, statements().subscriptions())) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), Integer.toString(rs.getInt(2))});
                    }
                }
            }
            for (String[] row : rows) {
                runner.subscribe(clientId, row[0], Integer.parseInt(row[1]));
            }
        });
    }

    /**
     * on_message_fetch: the stored messages on this subscription that the client has not acknowledged, newest
     * {@code max_returned_count} within {@code time_range}, delivered oldest first. The first subscription of a
     * client to a filter creates its read position.
     */
    public void fetch(String clientId, Subscription sub, HookRule rule) {
        String filter = io.osprey.api.Topic.withoutShare(sub.topicFilter());
        int subQos = sub.options().qos();
        submit("on_message_fetch", clientId, () -> {
            List<Message> out = new ArrayList<>();
            long maxId = 0;
            try (Connection c = db.get().connection()) {
                long mid;
                try (PreparedStatement ps = prepare(c, statements().readPosition())) {
                    ps.setString(1, clientId);
                    ps.setString(2, sub.topicFilter());
                    try (ResultSet rs = ps.executeQuery()) {
                        mid = rs.next() ? rs.getLong(1) : -1;
                    }
                }
                if (mid < 0) {
                    try (PreparedStatement ps = prepare(c, statements().newPosition())) {
                        ps.setString(1, clientId);
                        ps.setString(2, sub.topicFilter());
                        ps.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                        ps.executeUpdate();
                    }
                    mid = 0;
                }
                boolean exact = !io.osprey.api.Topic.hasWildcard(filter);
                boolean range = !rule.timeRange().isZero();
                boolean limit = rule.maxReturnedCount() > 0;
                try (PreparedStatement ps = prepare(c, statements().fetch(exact, range, limit))) {
                    int i = 1;
                    ps.setLong(i++, mid);
                    ps.setString(i++, exact ? filter : Topics.likePrefix(filter));
                    if (range) {
                        ps.setTimestamp(i++, new Timestamp(System.currentTimeMillis() - rule.timeRange().toMillis()));
                    }
                    if (limit) {
                        ps.setInt(i, rule.maxReturnedCount());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String topic = rs.getString(3);
                            if (!exact && !io.osprey.api.Topic.matches(filter, topic)) {
                                continue;
                            }
                            long rowId = rs.getLong(1);
                            int qos = Math.min(subQos, rs.getInt(5));
                            if (qos == 0) {
                                maxId = Math.max(maxId, rowId); // no acknowledgement will come
                            }
                            out.add(0, Message.builder(topic).id(Lookups.parseId(rs.getString(2))).qos(qos)
                                    .payload(rs.getBytes(6)).from(rs.getString(4), null).build());
                        }
                    }
                }
            }
            runner.deliver(clientId, out);
            if (maxId > 0) {
                writer.offer(new Write(statements().ackedId(), new Object[] {maxId, clientId, sub.topicFilter()},
                        "acked-id\u0000" + clientId + '\u0000' + sub.topicFilter()));
            }
        });
    }

    /** on_retain_lookup: retained messages stored in mqtt_retain that match the new subscription. */
    public void retained(String clientId, Subscription sub) {
        if (sub.options().retainHandling() == 2) {
            return;
        }
        String filter = io.osprey.api.Topic.withoutShare(sub.topicFilter());
        int subQos = sub.options().qos();
        submit("on_retain_lookup", clientId, () -> {
            List<Message> out = new ArrayList<>();
            boolean exact = !io.osprey.api.Topic.hasWildcard(filter);
            try (Connection c = db.get().connection();
                 PreparedStatement ps = prepare(c, exact ? statements().retainedExact() : statements().retainedLike())) {
                ps.setString(1, exact ? filter : Topics.likePrefix(filter));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String topic = rs.getString(1);
                        if (exact || io.osprey.api.Topic.matches(filter, topic)) {
                            out.add(Message.builder(topic).id(Lookups.parseId(rs.getString(2))).retain(true)
                                    .qos(Math.min(subQos, rs.getInt(4))).payload(rs.getBytes(5))
                                    .from(rs.getString(3), null).build());
                        }
                    }
                }
            }
            runner.deliver(clientId, out);
        });
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout(queryTimeoutSeconds.get());
        return ps;
    }

    private void submit(String function, String clientId, Task task) {
        runner.submit(function, clientId, () -> {
            try {
                task.run();
            } catch (SQLException e) {
                db.get().markDown(e);
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    private interface Task {
        void run() throws SQLException;
    }
}
