package io.osprey.broker.hooks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One registered hook: the implementation, who registered it, its place in the order, and its counters
 * (calls, errors, time) for {@code ctl plugins list --verbose}.
 */
public final class HookEntry<T> implements Comparable<HookEntry<?>> {

    final T hook;
    final String plugin;
    final String point;
    final int ranking;
    final long order;
    final LongAdder calls = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder totalNanos = new LongAdder();
    final AtomicLong maxNanos = new AtomicLong();
    volatile long lastSlowWarning;

    HookEntry(T hook, String plugin, String point, int ranking, long order) {
        this.hook = hook;
        this.plugin = plugin;
        this.point = point;
        this.ranking = ranking;
        this.order = order;
    }

    public T hook() {
        return hook;
    }

    public String plugin() {
        return plugin;
    }

    void record(long nanos) {
        calls.increment();
        totalNanos.add(nanos);
        long max;
        while (nanos > (max = maxNanos.get())) {
            if (maxNanos.compareAndSet(max, nanos)) {
                break;
            }
        }
    }

    /** Higher ranking first; ties in registration order. */
    @Override
    public int compareTo(HookEntry<?> o) {
        int c = Integer.compare(o.ranking, ranking);
        return c != 0 ? c : Long.compare(order, o.order);
    }

    public HookStats stats() {
        return new HookStats(plugin, point, calls.sum(), errors.sum(), timeouts.sum(),
                totalNanos.sum() / 1_000_000.0, maxNanos.get() / 1_000_000.0);
    }
}
