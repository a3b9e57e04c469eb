package io.osprey.broker.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Gauges with their high-water marks, as EMQX's {@code stats}: {@code connections.count} and
 * {@code connections.max}, and so on. Each gauge reads a live value from its owner; the maximum is updated whenever
 * a snapshot is taken and whenever the owner reports a change through {@link #observe(String, long)}.
 */
public final class Stats {

    private final Map<String, LongSupplier> gauges = new LinkedHashMap<>();
    private final Map<String, AtomicLong> maxima = new ConcurrentHashMap<>();

    /** Registers {@code <name>.count} read from {@code value}, and its {@code <name>.max}. */
    public synchronized void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
        maxima.put(name, new AtomicLong());
    }

    /** Lets an owner raise the maximum at the moment a value grows (cheap: a read and rarely a CAS). */
    public void observe(String name, long value) {
        AtomicLong max = maxima.get(name);
        if (max != null) {
            long m;
            while (value > (m = max.get())) {
                if (max.compareAndSet(m, value)) {
                    break;
                }
            }
        }
    }

    public synchronized Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, LongSupplier> e : gauges.entrySet()) {
            long v = e.getValue().getAsLong();
            observe(e.getKey(), v);
            out.put(e.getKey() + ".count", v);
            out.put(e.getKey() + ".max", maxima.get(e.getKey()).get());
        }
        return out;
    }

    public long value(String key) {
        Map<String, Long> s = snapshot();
        Long v = s.get(key);
        return v == null ? 0 : v;
    }
}
