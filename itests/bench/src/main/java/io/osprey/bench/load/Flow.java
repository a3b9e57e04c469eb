package io.osprey.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.EventLoop;
import io.osprey.bench.audit.PublisherLog;

/**
 * End-to-end flow control of one publisher: at most {@code window} of its messages may be on their way to the
 * run's subscribers (sent, but not yet received by every audience that must get them). Without it a closed-loop
 * publisher measures how fast a broker can <em>accept</em> messages, and the broker's queues towards slow subscribers
 * grow until it drops or runs out of memory; with it the run measures delivery, at a bounded queue length.
 * <p>
 * A closed-loop publisher that runs out of credit parks; the receivers of its messages wake it (through
 * {@link FlowControl}) once the slowest audience has caught up by half a window. Messages that never arrive (QoS 0 drops) would block it for
 * ever, so after {@value #STALL_MILLIS} ms without any progress the outstanding messages are written off (the audit
 * still counts them as lost) and the publisher goes on.
 */
final class Flow {

    static final long STALL_MILLIS = 1000;
    private static final long STALL_NANOS = STALL_MILLIS * 1_000_000L;

    private final PublisherLog log;
    private final int window;
    private final AtomicBoolean parked = new AtomicBoolean();
    private final EventLoop loop;
    private final Runnable wake;
    private long writtenOff;
    private long blockedSince = -1;
    private long receivedAtBlock;
    /** {@code sent - writtenOff} when parked; written before {@link #parked} is set, read after it is seen set. */
    private long parkedAt;
    private long parkedSince;
    private boolean stallTimerArmed;

    Flow(PublisherLog log, int window, EventLoop loop, Runnable wake) {
        this.log = log;
        this.window = window;
        this.loop = loop;
        this.wake = wake;
    }

    /** A flow that limits nothing: no window, or no audience of this run to wait for. */
    static boolean unlimited(PublisherLog log, int window) {
        return window <= 0 || log.audiences() == 0;
    }

    /**
     * How many more messages may be sent now (publisher's thread). When the credit stays below {@code needed} for the
     * stall time without any delivery, the outstanding messages are written off.
     *
     * @return the credit, or {@code -1} when this call wrote messages off (count a stall and ask again)
     */
    long credit(long sent, long now, long needed) {
        long received = log.receivedByAll();
        long outstanding = sent - writtenOff - received;
        long credit = window - Math.max(0, outstanding);
        if (credit >= needed) {
            blockedSince = -1;
            return credit;
        }
        if (blockedSince < 0 || received != receivedAtBlock) {
            blockedSince = now;
            receivedAtBlock = received;
            return credit;
        }
        if (now - blockedSince >= STALL_NANOS) {
            writtenOff += outstanding;
            blockedSince = -1;
            return -1;
        }
        return credit;
    }

    /** The credit a closed loop waits for before it sends again: half a window, so that writes carry batches. */
    long batch() {
        return Math.max(1, window / 2);
    }

    /** Closed loop, out of credit: wait for receivers (or the stall timer) to call back. */
    void park() {
        parkedAt = log.sent() - writtenOff;
        parkedSince = System.nanoTime();
        if (parked.compareAndSet(false, true)) {
            if (!stallTimerArmed) {
                stallTimerArmed = true;
                loop.schedule(this::stallCheck, STALL_NANOS, TimeUnit.NANOSECONDS);
            }
            tryWake(); // the last delivery may have come before the flag was set
        }
    }

    /** Receivers' side: wakes the publisher if it is parked and a batch of credit is back. */
    void tryWake() {
        if (parked.get() && window - (parkedAt - log.receivedByAll()) >= batch() && parked.compareAndSet(true, false)) {
            loop.execute(wake);
        }
    }

    /** One timer per publisher, re-armed while it stays parked, instead of one timer per park. */
    private void stallCheck() {
        stallTimerArmed = false;
        if (!parked.get()) {
            return;
        }
        long left = STALL_NANOS - (System.nanoTime() - parkedSince);
        if (left > 0) {
            stallTimerArmed = true;
            loop.schedule(this::stallCheck, left, TimeUnit.NANOSECONDS);
        } else if (parked.compareAndSet(true, false)) {
            wake.run();
        }
    }
}
