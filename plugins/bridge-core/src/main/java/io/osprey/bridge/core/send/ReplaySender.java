package io.osprey.bridge.core.send;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.osprey.bridge.core.buffer.Position;
import io.osprey.bridge.core.buffer.ReplayQueue;
import io.osprey.bridge.core.record.RecordCodec;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.bridge.core.stats.LinkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the disk buffer in order and hands the records to the {@link Sink}, on its own thread, keeping at most
 * {@code window} records unacknowledged. Acknowledged records are released so that their segments are deleted.
 * <p>
 * Order: records go to the sink in buffer order. When a record fails with an error worth retrying, nothing new is
 * sent: the sender waits until every record in flight has answered, pauses (0.5 s, doubling up to 5 s), then sends
 * the failed ones again in order before going on — so records never overtake each other and none is sent twice by
 * the bridge itself. While the remote side is down, records wait on disk.
 *
 * @param <R> the bridge's record type
 */
public final class ReplaySender<R> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySender.class);
    private static final int READ_BATCH = 500;
    private static final long READ_BYTES = 1024 * 1024;
    private static final long RELEASE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FIRST_PAUSE_MS = 500;
    private static final long MAX_PAUSE_MS = 5000;

    private final ReplayQueue queue;
    private final Sink<R> sink;
    private final RecordCodec<R> codec;
    private final BridgeCounters counters;
    private final LinkStatus status;
    private final int window;
    private final String label;
    private final InFlight inFlight = new InFlight();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean retry;
    /** Sender thread only. */
    private long next;
    private final TreeSet<Long> sendAgain = new TreeSet<>();
    private long lastRelease;
    private long pauseMs = FIRST_PAUSE_MS;
    private long dropLogAt;
    private long retryLogAt;

    /**
     * @param label      names the bridge in log lines, e.g. {@code Kafka bridge}
     * @param threadName the sender thread's name
     */
    public ReplaySender(ReplayQueue queue, Sink<R> sink, RecordCodec<R> codec, BridgeCounters counters,
                        LinkStatus status, int window, String label, String threadName) {
        this.queue = queue;
        this.sink = sink;
        this.codec = codec;
        this.counters = counters;
        this.status = status;
        this.window = window;
        this.label = label;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** New records are in the buffer. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        Position start = queue.position();
        next = start.next();
        for (long s : start.pending()) {
            sendAgain.add(s);
        }
        if (!sendAgain.isEmpty()) {
            LOG.info("{}: sending {} records again that were not acknowledged before the stop", label,
                    sendAgain.size());
        }
        while (running) {
            try {
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                LOG.error("{}: reading the buffer failed; trying again in a second", label, e);
                status.error("reading the buffer failed: " + e);
                sleep(1000);
            }
        }
    }

    private void step() throws IOException, InterruptedException {
        if (retry) {
            awaitRetry();
            return;
        }
        release(false);
        if (!sink.ready()) {
            sleep(200);
            return;
        }
        int room = window - inFlight.size();
        if (room <= 0) {
            inFlight.awaitAnswer(20);
            return;
        }
        if (!sendAgain.isEmpty()) {
            sendAgain(room);
            return;
        }
        List<ReplayQueue.Entry> batch = queue.read(next, Math.min(room, READ_BATCH), READ_BYTES);
        if (batch.isEmpty()) {
            release(false);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            return;
        }
        for (ReplayQueue.Entry e : batch) {
            if (!running || retry) {
                return;
            }
            next = e.seq() + 1;
            send(e);
        }
    }

    /** Sends again, in order, the records that failed (or were pending at the last stop). */
    private void sendAgain(int room) throws IOException {
        long first = sendAgain.first();
        long last = sendAgain.last();
        List<ReplayQueue.Entry> batch = queue.read(first, (int) Math.min(room, last - first + 1), READ_BYTES);
        long covered = batch.isEmpty() ? last : batch.get(batch.size() - 1).seq();
        for (ReplayQueue.Entry e : batch) {
            if (!running || retry) {
                return;
            }
            if (sendAgain.remove(e.seq())) {
                send(e);
            }
        }
        // what was asked for and not found is gone (dropped as corrupt): nothing to wait for
        sendAgain.headSet(covered, true).clear();
    }

    private void send(ReplayQueue.Entry e) {
        long seq = e.seq();
        R r;
        try {
            r = codec.decode(e.record());
        } catch (IllegalArgumentException x) {
            LOG.error("{}: record {} in the buffer cannot be read ({}); dropped", label, seq, x.getMessage());
            counters.dropped("corrupt", 1);
            return;
        }
        inFlight.sent(seq);
        String rule = codec.ruleId(r);
        try {
            sink.send(r, new Answer(seq, rule));
        } catch (RuntimeException x) {
            LOG.debug("{}: sending record {} failed", label, seq, x);
            new Answer(seq, rule).retry(x.toString());
        }
    }

    /** A record's outcome; runs on the sink's thread (or the sender's when sending itself failed). */
    private final class Answer implements Sink.Outcome {
        private final long seq;
        private final String rule;

        Answer(long seq, String rule) {
            this.seq = seq;
            this.rule = rule;
        }

        @Override
        public void sent() {
            inFlight.acked(seq);
            counters.sent(rule);
            status.sent();
        }

        @Override
        public void retry(String why) {
            inFlight.failed(seq);
            if (running) {
                status.error(why);
            }
            retry = true;
        }

        @Override
        public void refused(String why) {
            inFlight.acked(seq);
            counters.failed(rule);
            status.error(why);
            long now = System.currentTimeMillis();
            if (now - dropLogAt > 10_000) {
                dropLogAt = now;
                LOG.error("{}: a record of rule {} was refused for good, so it is counted as failed and not sent "
                        + "again: {}", label, rule, why);
            }
        }
    }

    /** After a retriable failure: wait for every answer, pause, then queue the failed records to be sent again. */
    private void awaitRetry() throws InterruptedException, IOException {
        while (running && inFlight.outstanding() > 0) {
            inFlight.awaitAnswer(100);
        }
        if (!running) {
            return;
        }
        List<Long> failed = inFlight.takeFailed();
        sendAgain.addAll(failed);
        retry = false;
        release(true);
        long now = System.currentTimeMillis();
        if (pauseMs == FIRST_PAUSE_MS || now - retryLogAt >= 60_000) {
            retryLogAt = now;
            LOG.info("{}: {} records were not accepted ({}); sending them again in {} ms, and again with longer "
                    + "pauses while it lasts (logged once a minute)", label, failed.size(), status.lastError(),
                    pauseMs);
        }
        sleep(pauseMs);
        pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
    }

    private void release(boolean force) throws IOException {
        long now = System.nanoTime();
        if (!force && now - lastRelease < RELEASE_INTERVAL_NANOS) {
            return;
        }
        lastRelease = now;
        if (!retry && inFlight.size() == 0 && sendAgain.isEmpty()) {
            pauseMs = FIRST_PAUSE_MS;
        }
        queue.release(inFlight.position(next, sendAgain), force);
    }

    private void sleep(long ms) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /** Records handed to the sink and not acknowledged yet. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Stops handing out records. The thread is never interrupted: it may be inside a read of the buffer's files,
     * and an interrupt would close them. A sink blocked in {@code send()} returns when it is closed, so close the
     * sink next, then {@link #join}.
     */
    public void stopSending() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** Waits for the thread to end. */
    public void join(Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{}: the replay sender did not stop within {} ms", label, timeout.toMillis());
        }
    }

    /**
     * Saves how far the sender got; call after the sink closed, so that the last acknowledgements count. Records
     * that were not acknowledged are sent again after the next start.
     */
    public void savePosition() {
        try {
            inFlight.takeFailed().forEach(sendAgain::add);
            queue.release(inFlight.position(next, sendAgain), true);
        } catch (IOException e) {
            LOG.error("{}: cannot save the buffer position; some records may be sent twice", label, e);
        }
    }
}
