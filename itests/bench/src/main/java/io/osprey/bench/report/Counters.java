package io.osprey.bench.report;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's message counters. Each I/O thread bumps its own array with plain (opaque) stores — no atomics, no shared
 * cache lines on the per-message path — and the once-a-second reporter sums the arrays. Connection events are rare
 * and use ordinary atomics.
 */
public final class Counters {

    /** What is counted per message. */
    public enum Kind {
        /** PUBLISH packets written by publishers. */
        SENT,
        /** QoS 1/2 publishes acknowledged by the broker (PUBACK, or PUBCOMP for QoS 2). */
        ACKED,
        /** QoS 1/2 publishes the broker refused (MQTT 5 reason code 0x80 or above). */
        REFUSED,
        /** PUBLISH packets received by subscribers (deliveries; duplicates included). */
        RECEIVED,
        /** Received messages that carry no stamp of this tool. */
        FOREIGN,
        /** Protocol surprises: unknown packet ids, refused subscriptions, decode errors. */
        ERRORS,
        /** Times a publisher wrote off messages that did not arrive within the stall time (see the load's Flow). */
        STALLS
    }

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int KINDS = Kind.values().length;
    /** Padding so that two threads' arrays never share a cache line. */
    private static final int PAD = 8;

    private final CopyOnWriteArrayList<long[]> shards = new CopyOnWriteArrayList<>();
    private final ThreadLocal<long[]> local = ThreadLocal.withInitial(() -> {
        long[] s = new long[KINDS + 2 * PAD];
        shards.add(s);
        return s;
    });

    /** Live MQTT connections (CONNACK received and not closed). */
    public final AtomicInteger live = new AtomicInteger();
    /** Connections that did not get to the point of being ready (TCP, TLS, WebSocket, CONNACK or SUBACK failure). */
    public final AtomicLong connectErrors = new AtomicLong();
    /** Ready connections that the broker or the network closed before the end of the run. */
    public final AtomicLong disconnects = new AtomicLong();

    /** The calling thread's array, for {@link #add}; a connection takes it once on its I/O thread. */
    public long[] shard() {
        return local.get();
    }

    public static void add(long[] shard, Kind kind, long delta) {
        int i = PAD + kind.ordinal();
        LONGS.setOpaque(shard, i, (long) LONGS.getOpaque(shard, i) + delta);
    }

    public static void inc(long[] shard, Kind kind) {
        add(shard, kind, 1);
    }

    /** All message counters at once, indexed by {@link Kind#ordinal()}. */
    public long[] snapshot() {
        long[] out = new long[KINDS];
        for (long[] s : shards) {
            for (int k = 0; k < KINDS; k++) {
                out[k] += (long) LONGS.getOpaque(s, PAD + k);
            }
        }
        return out;
    }

    /** All errors: per-message ones plus failed connections and unexpected disconnects. */
    public long errors(long[] snapshot) {
        return snapshot[Kind.ERRORS.ordinal()] + connectErrors.get() + disconnects.get();
    }
}
