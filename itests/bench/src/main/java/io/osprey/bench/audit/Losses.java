package io.osprey.bench.audit;

import java.util.Map;
import java.util.TreeMap;

/**
 * Lost and duplicated messages of a run, by the QoS they were delivered with (the lower of the publish and the
 * subscription QoS). {@code gapsOnly} says that some figures come from sequence gaps only (publishers in another
 * process), which cannot see messages lost at the very end.
 */
public final class Losses {

    private final Map<Integer, Long> lost = new TreeMap<>();
    private final Map<Integer, Long> duplicated = new TreeMap<>();
    private long unexpected;
    private boolean gapsOnly;

    void add(int qos, long lostCount, long duplicates, boolean fromGaps) {
        lost.merge(qos, lostCount, Long::sum);
        duplicated.merge(qos, duplicates, Long::sum);
        gapsOnly |= fromGaps;
    }

    void unexpected(long count) {
        unexpected += count;
    }

    public Map<Integer, Long> lost() {
        return lost;
    }

    public Map<Integer, Long> duplicated() {
        return duplicated;
    }

    public long totalLost() {
        return lost.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalDuplicated() {
        return duplicated.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Messages of this run received by a subscription that should not have matched them. */
    public long unexpected() {
        return unexpected;
    }

    public boolean gapsOnly() {
        return gapsOnly;
    }

    /** Whether anything was audited at all (a run without receivers has nothing to say). */
    public boolean isEmpty() {
        return lost.isEmpty();
    }
}
