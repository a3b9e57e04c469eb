package io.osprey.plugin.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.api.Topic;
import io.osprey.backend.config.HookRule;
import io.osprey.backend.hooks.Lookups;
import io.osprey.backend.write.UnavailableException;
import io.osprey.backend.write.Writer;

/**
 * The functions that read Redis and act on a session, on the plugin's query threads: {@code on_subscribe_lookup}
 * ({@code mqtt:sub:<clientid>} becomes subscriptions), {@code on_message_fetch} (stored messages after the client's
 * read position) and {@code on_retain_lookup}. A wildcard filter looks through the index of topics with stored (or
 * retained) messages; at most {@link #MAX_FETCH} messages per subscription are read when no
 * {@code max_returned_count} bounds it.
 */
final class RedisLookups {

    static final int MAX_FETCH = 10_000;
    private static final int SCAN_COUNT = 500;

    private final Supplier<RedisConnection> redis;
    private final Lookups runner;
    private final Writer<RedisWrite> writer;

    RedisLookups(Supplier<RedisConnection> redis, Lookups runner, Writer<RedisWrite> writer) {
        this.redis = redis;
        this.runner = runner;
        this.writer = writer;
    }

    /** on_subscribe_lookup: the fields of {@code mqtt:sub:<clientid>} (filter → qos) become subscriptions. */
    void restoreSubscriptions(String clientId) {
        submit("on_subscribe_lookup", clientId, () -> {
            for (Map.Entry<String, byte[]> e : hash(redis.get().run(Cmd.of("HGETALL", Keys.SUB + clientId))).entrySet()) {
                runner.subscribe(clientId, e.getKey(), parseInt(text(e.getValue()), 0));
            }
        });
    }

    /** A stored message's place in its topic's sorted set. */
    private record Entry(String topic, long ts, String msgid) {
        String position() {
            return RedisActions.position(ts, msgid);
        }
    }

    /**
     * on_message_fetch: the stored messages on this subscription after the client's read position, the newest
     * {@code max_returned_count} within {@code time_range}, delivered oldest first. The first subscription of a
     * client to a filter creates its read position.
     */
    void fetch(String clientId, Subscription sub, HookRule<RedisCommand> rule) {
        String filter = Topic.withoutShare(sub.topicFilter());
        int subQos = sub.options().qos();
        submit("on_message_fetch", clientId, () -> {
            String positions = Keys.ACKED + clientId;
            byte[] stored = (byte[]) redis.get().run(Cmd.of("HGET", positions, sub.topicFilter()));
            String pos = stored == null ? "0" : text(stored);
            if (stored == null) {
                redis.get().run(Cmd.of("HSETNX", positions, sub.topicFilter(), "0"));
            }
            long since = pos.equals("0") ? 0 : parseLong(pos.substring(0, pos.indexOf(':')), 0);
            if (!rule.timeRange().isZero()) {
                since = Math.max(since, System.currentTimeMillis() - rule.timeRange().toMillis());
            }
            int limit = rule.maxReturnedCount() > 0 ? Math.min(rule.maxReturnedCount(), MAX_FETCH) : MAX_FETCH;
            List<String> topics = Topic.hasWildcard(filter) ? topicsSince(filter, since) : List.of(filter);
            List<Entry> entries = new ArrayList<>();
            for (String topic : topics) {
                List<Object> reply = list(redis.get().run(Cmd.of("ZREVRANGEBYSCORE", Keys.MSG_TOPIC + topic, "+inf", since,
                        "WITHSCORES", "LIMIT", 0, limit)));
                for (int i = 0; i + 1 < reply.size(); i += 2) {
                    Entry e = new Entry(topic, (long) Double.parseDouble(text(reply.get(i + 1))), text(reply.get(i)));
                    if (pos.equals("0") || e.position().compareTo(pos) > 0) {
                        entries.add(e);
                    }
                }
            }
            entries.sort(Comparator.comparing(Entry::position).reversed());
            List<Entry> newest = new ArrayList<>(entries.subList(0, Math.min(limit, entries.size())));
            newest.sort(Comparator.comparing(Entry::position));
            List<Message> out = new ArrayList<>();
            String lastQos0 = null;
            for (Entry e : newest) {
                Map<String, byte[]> m = hash(redis.get().run(Cmd.of("HGETALL", Keys.MSG + e.msgid())));
                if (m.isEmpty()) {
                    continue; // expired
                }
                int qos = Math.min(subQos, parseInt(text(m.get("qos")), 1));
                if (qos == 0) {
                    lastQos0 = e.position(); // no acknowledgement will come
                }
                out.add(Message.builder(e.topic()).id(Lookups.parseId(e.msgid())).qos(qos).payload(m.get("payload"))
                        .from(text(m.get("from")), null).timestamp(e.ts()).build());
            }
            runner.deliver(clientId, out);
            if (lastQos0 != null) {
                writer.offer(RedisActions.forward(clientId, sub.topicFilter(), lastQos0));
            }
        });
    }

    /** Topics with messages stored since {@code since} that {@code filter} matches. */
    private List<String> topicsSince(String filter, long since) throws UnavailableException {
        List<String> out = new ArrayList<>();
        for (Object t : list(redis.get().run(Cmd.of("ZRANGEBYSCORE", Keys.MSG_TOPICS, since, "+inf")))) {
            String topic = text(t);
            if (Topic.matches(filter, topic)) {
                out.add(topic);
            }
        }
        return out;
    }

    /** on_retain_lookup: retained messages in {@code mqtt:retain:<topic>} that match the new subscription. */
    void retained(String clientId, Subscription sub) {
        if (sub.options().retainHandling() == 2) {
            return;
        }
        String filter = Topic.withoutShare(sub.topicFilter());
        int subQos = sub.options().qos();
        submit("on_retain_lookup", clientId, () -> {
            List<String> topics = new ArrayList<>();
            if (!Topic.hasWildcard(filter)) {
                topics.add(filter);
            } else {
                String cursor = "0";
                String match = globPrefix(filter) + "*";
                do {
                    List<Object> page = list(redis.get().run(Cmd.of("SSCAN", Keys.RETAINED, cursor, "MATCH", match,
                            "COUNT", SCAN_COUNT)));
                    cursor = text(page.get(0));
                    for (Object t : list(page.get(1))) {
                        String topic = text(t);
                        if (Topic.matches(filter, topic)) {
                            topics.add(topic);
                        }
                    }
                } while (!cursor.equals("0"));
            }
            List<Message> out = new ArrayList<>();
            for (String topic : topics) {
                Map<String, byte[]> m = hash(redis.get().run(Cmd.of("HGETALL", Keys.RETAIN + topic)));
                if (!m.isEmpty()) {
                    out.add(Message.builder(topic).id(Lookups.parseId(text(m.get("msgid")))).retain(true)
                            .qos(Math.min(subQos, parseInt(text(m.get("qos")), 0))).payload(m.get("payload"))
                            .from(text(m.get("sender")), null).build());
                }
            }
            runner.deliver(clientId, out);
        });
    }

    /** The levels of a filter before its first wildcard, with the glob characters of SSCAN MATCH escaped. */
    static String globPrefix(String filter) {
        int plus = filter.indexOf('+');
        int hash = filter.indexOf('#');
        int cut = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
        String prefix = cut < 0 ? filter : filter.substring(0, cut);
        StringBuilder b = new StringBuilder(prefix.length() + 4);
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    // ---- replies -----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static List<Object> list(Object reply) {
        return reply instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** An HGETALL reply (field, value, field, value …) as a map. */
    static Map<String, byte[]> hash(Object reply) {
        List<Object> flat = list(reply);
        Map<String, byte[]> out = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(text(flat.get(i)), (byte[]) flat.get(i + 1));
        }
        return out;
    }

    static String text(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
    }

    static int parseInt(String s, int def) {
        return (int) parseLong(s, def);
    }

    static long parseLong(String s, long def) {
        try {
            return s == null ? def : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private interface Task {
        void run() throws UnavailableException;
    }

    private void submit(String function, String clientId, Task task) {
        runner.submit(function, clientId, () -> {
            try {
                task.run();
            } catch (UnavailableException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
}
