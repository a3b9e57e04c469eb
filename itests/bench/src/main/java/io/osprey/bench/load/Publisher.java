package io.osprey.bench.load;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.osprey.bench.audit.PublisherLog;
import io.osprey.bench.cli.BenchOptions;
import io.osprey.bench.mqtt.Packets;
import io.osprey.bench.report.Counters;

/**
 * The publishing side of one connection, on its I/O thread.
 * <p>
 * <b>Closed loop</b> ({@code --rate 0}): send as fast as two windows allow: the end-to-end {@link Flow} window
 * (messages not yet received by this run's subscribers) and, for QoS 1/2, {@code --inflight} messages not yet
 * acknowledged by the broker. QoS 0 writes batches while the socket is writable. <b>Open loop</b> ({@code --rate N}):
 * a timer sends what is due since the start, within the same windows, so a broker that cannot keep up shows as a
 * lower sent rate rather than as a queue in the tool.
 * <p>
 * Message {@code seq} always uses packet id {@code seq % 65535 + 1}; a message whose id is still in flight waits, so
 * an acknowledgement's id tells its sequence number without a map.
 */
final class Publisher {

    private static final int PUMP_BATCH = 64;
    private static final int MAX_TICK_BATCH = 4096;
    private static final int IDS = 65535;

    private final BenchConnection conn;
    private final PublisherLog log;
    private final byte[] prefix;
    private final int qos;
    private final int payloadSize;
    private final boolean v5;
    private final int runId;
    private final double rate;
    private final int window;
    private final Flow flow;
    private final long[] idsInUse = new long[(IDS + 64) / 64 + 1];
    private final Runnable pumpTask = this::pump;
    private int inflight;
    private boolean running;
    private boolean pumpScheduled;
    private long startNanos;
    private ScheduledFuture<?> tick;

    /**
     * @param window   QoS 1/2 messages that may be unacknowledged (the lower of {@code --inflight} and the broker's
     *                 MQTT 5 Receive Maximum)
     * @param e2e      the end-to-end window, 0 for none
     */
    Publisher(BenchConnection conn, PublisherLog log, BenchOptions o, int runId, int window, int e2e,
              FlowControl control) {
        this.conn = conn;
        this.log = log;
        this.qos = o.qos();
        this.payloadSize = o.payloadSize();
        this.v5 = o.v5();
        this.runId = runId;
        this.rate = o.rate();
        this.window = Math.max(1, window);
        this.prefix = Packets.publishPrefix(log.topic(), qos, o.mqttVersion(), payloadSize);
        this.flow = Flow.unlimited(log, e2e) ? null : new Flow(log, e2e, conn.context().channel().eventLoop(), this::wake);
        if (flow != null) {
            control.register(log.ordinal(), flow);
        }
    }

    void start() {
        if (running) {
            return;
        }
        running = true;
        startNanos = System.nanoTime();
        if (rate > 0) {
            long period = Math.max(1_000_000L, Math.min(1_000_000_000L, (long) (1e9 / rate)));
            tick = conn.context().executor().scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
        } else {
            pump();
        }
    }

    void stop() {
        running = false;
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    /** Open loop: send what is due by now. */
    private void tick() {
        if (!running || !conn.writable()) {
            return;
        }
        long due = (long) ((System.nanoTime() - startNanos) * rate / 1e9) + 1 - log.sent();
        if (due > 0) {
            send((int) Math.min(due, MAX_TICK_BATCH));
            conn.flush();
        }
    }

    /** Closed loop: fill the window (QoS 1/2) or write one batch and come back while writable (QoS 0). */
    private void pump() {
        pumpScheduled = false;
        if (!running || !conn.writable()) {
            return;
        }
        int n = send(qos == 0 ? PUMP_BATCH : window);
        conn.flush();
        if (qos == 0 && n == PUMP_BATCH && !pumpScheduled) {
            // let the event loop serve reads and other connections between batches
            pumpScheduled = true;
            conn.context().executor().execute(pumpTask);
        }
    }

    /** Acknowledgements were read: top the window up; the connection flushes after this. */
    void afterRead() {
        if (running && rate <= 0 && qos > 0 && conn.writable()) {
            send(window);
        }
    }

    void writable() {
        if (running && rate <= 0 && !pumpScheduled) {
            pump();
        }
    }

    /** Receivers caught up (or the stall timer fired): go on sending. */
    private void wake() {
        if (running && rate <= 0) {
            pump();
        }
    }

    /**
     * Sends up to {@code max} messages within the windows. A closed loop sends only when at least half of each
     * window is free, so that every write carries a batch instead of one message per acknowledgement.
     */
    private int send(int max) {
        long now = System.nanoTime();
        boolean closedLoop = rate <= 0;
        int limit = max;
        if (flow != null) {
            long needed = closedLoop ? flow.batch() : 1;
            long credit = flow.credit(log.sent(), now, needed);
            if (credit < 0) {
                Counters.inc(conn.counters(), Counters.Kind.STALLS);
                credit = flow.credit(log.sent(), now, needed);
            }
            if (credit < needed) {
                if (closedLoop) {
                    flow.park();
                }
                return 0;
            }
            limit = (int) Math.min(max, credit);
        }
        if (closedLoop && qos > 0 && window - inflight < Math.max(1, window / 2)) {
            return 0; // the acknowledgements of the messages in flight call back
        }
        int n = 0;
        while (n < limit && ackWindowOpen()) {
            writeOne(now);
            n++;
        }
        if (n > 0) {
            Counters.add(conn.counters(), Counters.Kind.SENT, n);
        }
        if (flow != null && closedLoop && n == limit && limit < max) {
            // the end-to-end window is used up: note since when (for the stall timer) and let receivers call back
            flow.credit(log.sent(), now, flow.batch());
            flow.park();
        }
        return n;
    }

    private boolean ackWindowOpen() {
        return qos == 0 || (inflight < window && !inUse(idFor(log.sent())));
    }

    private void writeOne(long now) {
        long seq = log.nextSeq();
        ByteBuf out = conn.out();
        out.writeBytes(prefix);
        if (qos > 0) {
            int id = idFor(seq);
            out.writeShort(id);
            mark(id, true);
            inflight++;
        }
        if (v5) {
            out.writeByte(0);
        }
        Stamp.write(out, runId, log.ordinal(), seq, now, payloadSize);
    }

    /** PUBACK (QoS 1), PUBREC and PUBCOMP (QoS 2) from the broker. */
    void onAck(int type, int packetId, int reasonCode) {
        if (packetId < 1 || packetId > IDS || !inUse(packetId)) {
            conn.error("acknowledgement for packet id " + packetId + " that is not in flight");
            return;
        }
        long seq = seqFor(packetId);
        switch (type) {
            case Packets.PUBACK -> {
                release(packetId);
                acknowledged(seq, reasonCode);
            }
            case Packets.PUBREC -> {
                if (reasonCode >= 0x80) {
                    release(packetId);
                    acknowledged(seq, reasonCode);
                } else {
                    Packets.ack(conn.out(), Packets.PUBREL, packetId);
                }
            }
            case Packets.PUBCOMP -> {
                release(packetId);
                acknowledged(seq, reasonCode);
            }
            default -> conn.error("unexpected acknowledgement type " + type);
        }
    }

    private void acknowledged(long seq, int reasonCode) {
        if (reasonCode >= 0x80) {
            Counters.inc(conn.counters(), Counters.Kind.REFUSED);
            conn.error("PUBLISH refused: 0x" + Integer.toHexString(reasonCode));
        } else {
            // 0x10 (no matching subscribers) is a success too
            log.acked(seq);
            Counters.inc(conn.counters(), Counters.Kind.ACKED);
        }
    }

    private void release(int id) {
        mark(id, false);
        inflight--;
    }

    static int idFor(long seq) {
        return (int) (seq % IDS) + 1;
    }

    /** The in-flight message that uses {@code id}: the latest sequence number with that id. */
    private long seqFor(int id) {
        long next = log.sent();
        return next - 1 - Math.floorMod(next - id, IDS);
    }

    private boolean inUse(int id) {
        return (idsInUse[id >>> 6] & (1L << id)) != 0;
    }

    private void mark(int id, boolean used) {
        if (used) {
            idsInUse[id >>> 6] |= 1L << id;
        } else {
            idsInUse[id >>> 6] &= ~(1L << id);
        }
    }
}
