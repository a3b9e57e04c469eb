package io.osprey.broker.listener;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection accounting of one listener: current connections, how many ended for each reason, and for TLS listeners
 * how many handshakes completed and how many of them resumed a session.
 */
public final class ListenerStats {

    private final AtomicInteger current = new AtomicInteger();
    private final ConcurrentHashMap<String, LongAdder> shutdowns = new ConcurrentHashMap<>();
    private final LongAdder tlsHandshakes = new LongAdder();
    private final LongAdder tlsResumed = new LongAdder();

    /** @return the new count */
    public int opened() {
        return current.incrementAndGet();
    }

    public void closed(String reason) {
        current.decrementAndGet();
        shutdowns.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** A TLS handshake completed; {@code resumed} when it resumed an earlier session (no certificate exchange). */
    public void tlsHandshake(boolean resumed) {
        tlsHandshakes.increment();
        if (resumed) {
            tlsResumed.increment();
        }
    }

    public long tlsHandshakes() {
        return tlsHandshakes.sum();
    }

    public long tlsResumed() {
        return tlsResumed.sum();
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
