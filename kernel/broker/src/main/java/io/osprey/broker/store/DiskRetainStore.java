package io.osprey.broker.store;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

import io.osprey.api.Message;
import io.osprey.broker.retain.RetainStore;
import io.osprey.broker.router.Topics;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * Retained messages in the store's B-tree, keyed by topic: only the page cache is in memory, so a million retained
 * topics do not need a million objects on the heap. Topics are sorted, so a filter whose first levels are literal
 * ({@code sensors/+/temp}) scans only its prefix; a filter starting with a wildcard scans everything.
 */
final class DiskRetainStore implements RetainStore {

    private final MVMap<String, byte[]> map;
    private final Runnable dirty;

    DiskRetainStore(MVMap<String, byte[]> map, Runnable dirty) {
        this.map = map;
        this.dirty = dirty;
    }

    @Override
    public void put(Message message) {
        map.put(message.topic(), Codec.message(message));
        dirty.run();
    }

    @Override
    public boolean delete(String topic) {
        boolean removed = map.remove(topic) != null;
        if (removed) {
            dirty.run();
        }
        return removed;
    }

    @Override
    public Message get(String topic) {
        byte[] b = map.get(topic);
        return b == null ? null : Codec.message(b);
    }

    @Override
    public void match(String filter, long nowMillis, Consumer<Message> action) {
        if (!Topics.hasWildcard(filter)) {
            Message m = get(filter);
            if (m != null && !m.isExpired(nowMillis)) {
                action.accept(m);
            }
            return;
        }
        String prefix = literalPrefix(filter);
        Cursor<String, byte[]> c = map.cursor(prefix.isEmpty() ? null : prefix);
        while (c.hasNext()) {
            String topic = c.next();
            if (!topic.startsWith(prefix)) {
                break;
            }
            if (Topics.matches(filter, topic)) {
                Message m = Codec.message(c.getValue());
                if (!m.isExpired(nowMillis)) {
                    action.accept(m);
                }
            }
        }
    }

    /** The part of a filter before its first wildcard level: {@code a/b/+/c} → {@code a/b/}. */
    static String literalPrefix(String filter) {
        int plus = filter.indexOf('+');
        int hash = filter.indexOf('#');
        int first = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
        return first < 0 ? filter : filter.substring(0, first);
    }

    @Override
    public void forEach(Consumer<Message> action) {
        for (Iterator<Map.Entry<String, byte[]>> it = map.entrySet().iterator(); it.hasNext(); ) {
            action.accept(Codec.message(it.next().getValue()));
        }
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, map.sizeAsLong());
    }

    @Override
    public void clear() {
        map.clear();
        dirty.run();
    }
}
