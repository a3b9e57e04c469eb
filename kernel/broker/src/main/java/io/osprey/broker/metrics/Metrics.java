package io.osprey.broker.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Counters for the {@link Metric} catalogue, plus named counters for things whose names are only known at run time
 * (for example {@code shutdown.<reason>}).
 * <p>
 * The publish path bumps several counters per message, so each thread writes its own array without atomics (opaque
 * stores, visible to readers eventually); readers sum all arrays. Arrays of finished threads stay in the sum.
 */
public final class Metrics {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int SIZE = Metric.values().length;

    private final CopyOnWriteArrayList<long[]> shards = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, LongAdder> named = new ConcurrentHashMap<>();
    private final FastThreadLocal<long[]> local = new FastThreadLocal<>() {
        @Override
        protected long[] initialValue() {
            long[] shard = new long[SIZE];
            shards.add(shard);
            return shard;
        }
    };

    public void inc(Metric m) {
        add(m, 1);
    }

    public void add(Metric m, long delta) {
        long[] shard = local.get();
        int i = m.ordinal();
        LONGS.setOpaque(shard, i, (long) LONGS.getOpaque(shard, i) + delta);
    }

    /** Increments a counter whose name is not in the catalogue (for example {@code shutdown.kicked}). */
    public void inc(String name) {
        add(name, 1);
    }

    /** Adds to a counter whose name is not in the catalogue (plugins' counters, for example). */
    public void add(String name, long delta) {
        named.computeIfAbsent(name, k -> new LongAdder()).add(delta);
    }

    public long get(Metric m) {
        long sum = 0;
        int i = m.ordinal();
        for (long[] shard : shards) {
            sum += (long) LONGS.getOpaque(shard, i);
        }
        return sum;
    }

    public long get(String name) {
        for (Metric m : Metric.values()) {
            if (m.label().equals(name)) {
                return get(m);
            }
        }
        LongAdder a = named.get(name);
        return a == null ? 0 : a.sum();
    }

    /** All counters by name, catalogue first, then named counters. */
    public Map<String, Long> snapshot() {
        long[] sums = new long[SIZE];
        for (long[] shard : shards) {
            for (int i = 0; i < SIZE; i++) {
                sums[i] += (long) LONGS.getOpaque(shard, i);
            }
        }
        Map<String, Long> out = new LinkedHashMap<>();
        Metric[] all = Metric.values();
        for (int i = 0; i < SIZE; i++) {
            out.put(all[i].label(), sums[i]);
        }
        named.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
        return out;
    }
}
