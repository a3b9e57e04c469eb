package io.osprey.plugin.mysql.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.plugin.mysql.Topics;
import io.osprey.plugin.mysql.config.HookRule;
import io.osprey.plugin.mysql.sql.Database;
import io.osprey.plugin.mysql.sql.Write;
import io.osprey.plugin.mysql.sql.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions that read from MySQL and act on a session: {@code on_subscribe_lookup} (subscribe the client to its
 * rows of mqtt_sub), {@code on_message_fetch} (deliver stored messages after the client's read position) and
 * {@code on_retain_lookup} (deliver stored retained messages). They run on the plugin's query threads, never on the
 * client's I/O thread; when MySQL is unreachable they are skipped, counted and logged.
 */
public final class Lookups {

    private static final Logger LOG = LoggerFactory.getLogger(Lookups.class);

    private final Supplier<Database> db;
    private final Executor executor;
    private final SubscriptionService subscriptions;
    private final PublishService publisher;
    private final Writer writer;
    private final Supplier<Integer> queryTimeoutSeconds;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile long lastFailLog;

    public Lookups(Supplier<Database> db, Executor executor, SubscriptionService subscriptions,
                   PublishService publisher, Writer writer, Supplier<Integer> queryTimeoutSeconds) {
        this.db = db;
        this.executor = executor;
        this.subscriptions = subscriptions;
        this.publisher = publisher;
        this.writer = writer;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    public long failed() {
        return failed.get();
    }

    /** Stored messages and retained messages delivered by fetch and lookup. */
    public long delivered() {
        return delivered.get();
    }

    /** on_subscribe_lookup: the client's rows of mqtt_sub become subscriptions of its session. */
    public void restoreSubscriptions(String clientId) {
        submit("on_subscribe_lookup", clientId, () -> {
            List<String[]> rows = new ArrayList<>();
            try (Connection c = db.get().connection(); PreparedStatement ps = prepare(c, Statements.SUBSCRIPTIONS)) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), Integer.toString(rs.getInt(2))});
                    }
                }
            }
            for (String[] row : rows) {
                if (row[0] == null || row[0].isEmpty()) {
                    continue;
                }
                int qos = Math.max(0, Math.min(2, Integer.parseInt(row[1])));
                if (!subscriptions.subscribe(clientId, row[0], SubscriptionOptions.ofQos(qos))) {
                    LOG.warn("on_subscribe_lookup: could not subscribe {} to '{}' (no session, or not a valid filter)",
                            clientId, row[0]);
                }
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
                try (PreparedStatement ps = prepare(c, Statements.READ_POSITION)) {
                    ps.setString(1, clientId);
                    ps.setString(2, sub.topicFilter());
                    try (ResultSet rs = ps.executeQuery()) {
                        mid = rs.next() ? rs.getLong(1) : -1;
                    }
                }
                if (mid < 0) {
                    try (PreparedStatement ps = prepare(c, Statements.NEW_POSITION)) {
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
                try (PreparedStatement ps = prepare(c, Statements.fetch(exact, range, limit))) {
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
                            out.add(0, Message.builder(topic).id(parseId(rs.getString(2))).qos(qos)
                                    .payload(rs.getBytes(6)).from(rs.getString(4), null).build());
                        }
                    }
                }
            }
            for (Message m : out) {
                if (publisher.deliverTo(clientId, m)) {
                    delivered.incrementAndGet();
                }
            }
            if (maxId > 0) {
                writer.offer(new Write(Statements.ACKED_ID, new Object[] {maxId, clientId, sub.topicFilter()},
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
                 PreparedStatement ps = prepare(c, exact ? Statements.RETAINED_EXACT : Statements.RETAINED_LIKE)) {
                ps.setString(1, exact ? filter : Topics.likePrefix(filter));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String topic = rs.getString(1);
                        if (exact || io.osprey.api.Topic.matches(filter, topic)) {
                            out.add(Message.builder(topic).id(parseId(rs.getString(2))).retain(true)
                                    .qos(Math.min(subQos, rs.getInt(4))).payload(rs.getBytes(5))
                                    .from(rs.getString(3), null).build());
                        }
                    }
                }
            }
            for (Message m : out) {
                if (publisher.deliverTo(clientId, m)) {
                    delivered.incrementAndGet();
                }
            }
        });
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout(queryTimeoutSeconds.get());
        return ps;
    }

    /** The broker's message id from a msgid column (16 hex digits); 0 (a new id) when it is something else. */
    static long parseId(String msgid) {
        if (msgid == null || msgid.isEmpty() || msgid.length() > 16) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(msgid, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private interface Task {
        void run() throws SQLException;
    }

    private void submit(String function, String clientId, Task task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (SQLException e) {
                    db.get().markDown(e);
                    fail(function, clientId, e.getMessage());
                } catch (RuntimeException e) {
                    fail(function, clientId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            fail(function, clientId, "too many lookups waiting");
        }
    }

    private void fail(String function, String clientId, String why) {
        failed.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastFailLog > 10_000) {
            lastFailLog = now;
            LOG.warn("backend-mysql {} for {} failed: {} (further failures within 10 s are only counted)", function,
                    clientId, why);
        }
    }
}
