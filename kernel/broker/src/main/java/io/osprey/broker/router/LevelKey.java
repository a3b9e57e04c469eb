package io.osprey.broker.router;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * One level of a topic ({@code topic[start, end)}) used as a lookup key in the trie's {@code ConcurrentHashMap}
 * without cutting a substring per level: its hash is the {@link String#hashCode()} of that text and it equals a
 * {@code String} with the same characters. {@code ConcurrentHashMap.get} calls {@code key.equals(stored)}, so a
 * probe of this type finds String keys. Never stored in a map; one reusable instance per thread.
 */
final class LevelKey {

    private static final FastThreadLocal<LevelKey> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected LevelKey initialValue() {
            return new LevelKey();
        }
    };

    private String topic;
    private int start;
    private int end;
    private int hash;

    static LevelKey of(String topic, int start, int end) {
        return PER_THREAD.get().set(topic, start, end);
    }

    LevelKey set(String topic, int start, int end) {
        this.topic = topic;
        this.start = start;
        this.end = end;
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + topic.charAt(i);
        }
        this.hash = h;
        return this;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof String s && s.length() == end - start && s.regionMatches(0, topic, start, end - start);
    }

    @Override
    public String toString() {
        return topic.substring(start, end);
    }
}
