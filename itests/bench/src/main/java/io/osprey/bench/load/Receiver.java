package io.osprey.bench.load;

import org.HdrHistogram.Histogram;

import io.netty.buffer.ByteBuf;
import io.osprey.bench.audit.Scope;
import io.osprey.bench.mqtt.Packets;
import io.osprey.bench.report.Counters;
import io.osprey.bench.report.LatencyRecorder;

/**
 * The subscribing side of one connection, on its I/O thread: acknowledges deliveries as MQTT requires, reads the
 * stamp of each message into the latency histogram and the audit. A QoS 2 PUBLISH resent before the PUBREL is
 * acknowledged again but not counted as a new message (the receiver's side of exactly-once).
 */
final class Receiver {

    private static final int IDS = 65536;

    private final BenchConnection conn;
    private final Scope scope;
    private final LatencyRecorder latency;
    private final Histogram histogram;
    private final FlowControl flows;
    /** This run's publishers heard from in the current batch of reads: a bit set and the list of its bits. */
    private final long[] touched;
    private int[] touchedList = new int[16];
    private int touchedCount;
    private long[] awaitingRel;

    Receiver(BenchConnection conn, Scope scope, LatencyRecorder latency, FlowControl flows, int publishers) {
        this.conn = conn;
        this.scope = scope;
        this.latency = latency;
        this.histogram = latency.histogram();
        this.flows = flows;
        this.touched = new long[(publishers + 63) / 64];
    }

    void onPublish(ByteBuf buf, int qos, int packetId, int index, int length, long receivedNanos) {
        if (qos == 2) {
            if (awaitingRel == null) {
                awaitingRel = new long[IDS / 64];
            }
            long bit = 1L << packetId;
            int w = packetId >>> 6;
            if ((awaitingRel[w] & bit) != 0) {
                Packets.ack(conn.out(), Packets.PUBREC, packetId);
                return;
            }
            awaitingRel[w] |= bit;
        }
        Counters.inc(conn.counters(), Counters.Kind.RECEIVED);
        if (Stamp.isStamped(buf, index, length)) {
            int from = scope.record(buf.getInt(index + Stamp.RUN), buf.getInt(index + Stamp.PUBLISHER),
                    buf.getLong(index + Stamp.SEQ), qos);
            if (from >= 0 && from < touched.length << 6) {
                touch(from);
            }
            latency.record(histogram, buf.getLong(index + Stamp.SENT), receivedNanos);
        } else {
            Counters.inc(conn.counters(), Counters.Kind.FOREIGN);
        }
        if (qos == 1) {
            Packets.ack(conn.out(), Packets.PUBACK, packetId);
        } else if (qos == 2) {
            Packets.ack(conn.out(), Packets.PUBREC, packetId);
        }
    }

    private void touch(int publisher) {
        long bit = 1L << publisher;
        int w = publisher >>> 6;
        if ((touched[w] & bit) == 0) {
            touched[w] |= bit;
            if (touchedCount == touchedList.length) {
                touchedList = java.util.Arrays.copyOf(touchedList, touchedCount * 2);
            }
            touchedList[touchedCount++] = publisher;
        }
    }

    /** After a batch of reads: the publishers whose messages arrived may go on if they waited for them. */
    void afterRead() {
        for (int i = 0; i < touchedCount; i++) {
            int p = touchedList[i];
            touched[p >>> 6] &= ~(1L << p);
            flows.delivered(p);
        }
        touchedCount = 0;
    }

    void onPubrel(int packetId) {
        if (awaitingRel != null) {
            awaitingRel[packetId >>> 6] &= ~(1L << packetId);
        }
        Packets.ack(conn.out(), Packets.PUBCOMP, packetId);
    }
}
