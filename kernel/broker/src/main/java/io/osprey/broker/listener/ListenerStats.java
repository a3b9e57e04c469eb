package io.osprey.broker.listener;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Connection accounting of one listener: current connections and how many ended for each reason. */
public final class ListenerStats {

    private final AtomicInteger current = new AtomicInteger();
    private final ConcurrentHashMap<String, LongAdder> shutdowns = new ConcurrentHashMap<>();

    /** @return the new count */
    public int opened() {
        return current.incrementAndGet();
    }

    public void closed(String reason) {
        current.decrementAndGet();
        shutdowns.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public int current() {
        return current.get();
    }

    public Map<String, Long> shutdownCounts() {
        Map<String, Long> out = new TreeMap<>();
        shutdowns.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
