package io.osprey.plugin.kafka.produce;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.osprey.plugin.kafka.queue.Position;
import io.osprey.plugin.kafka.queue.ReplayQueue;
import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.record.RecordCodec;
import io.osprey.plugin.kafka.stats.BridgeCounters;
import io.osprey.plugin.kafka.stats.LinkStatus;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the disk buffer in order and hands the records to the producer, on its own thread, keeping at most
 * {@code window} records unacknowledged. Acknowledged records are released so that their segments are deleted.
 * <p>
 * Order: records go to the producer in buffer order, and the producer keeps per-partition order (idempotence, see
 * {@link ProducerProperties}). When a record fails with an error worth retrying, nothing new is sent: the sender
 * waits until every record in flight has answered, pauses (0.5 s, doubling up to 5 s), then sends the failed ones
 * again in order before going on — so a key's records never overtake each other and none is sent twice by the
 * bridge itself. While Kafka is down, records simply wait in the producer (it never expires them in async mode) and
 * on disk behind them.
 */
public final class ReplaySender {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySender.class);
    private static final int READ_BATCH = 500;
    private static final long READ_BYTES = 1024 * 1024;
    private static final long RELEASE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FIRST_PAUSE_MS = 500;
    private static final long MAX_PAUSE_MS = 5000;

    private final ReplayQueue queue;
    private final ProducerHandle producers;
    private final Partitions partitions = new Partitions();
    private final BridgeCounters counters;
    private final LinkStatus status;
    private final int window;
    private final InFlight inFlight = new InFlight();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean retry;
    private volatile Producer<byte[], byte[]> resetRequested;
    /** Sender thread only. */
    private long next;
    private final TreeSet<Long> sendAgain = new TreeSet<>();
    private long lastRelease;
    private long pauseMs = FIRST_PAUSE_MS;
    private long dropLogAt;
    private long retryLogAt;

    public ReplaySender(ReplayQueue queue, ProducerHandle producers, BridgeCounters counters, LinkStatus status,
                        int window) {
        this.queue = queue;
        this.producers = producers;
        this.counters = counters;
        this.status = status;
        this.window = window;
        this.thread = new Thread(this::run, "osprey-bridge-kafka-replay");
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
            LOG.info("Kafka bridge: sending {} records again that were not acknowledged before the stop",
                    sendAgain.size());
        }
        while (running) {
            try {
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                LOG.error("Kafka bridge: reading the buffer failed; trying again in a second", e);
                status.error("reading the buffer failed: " + e);
                sleep(1000);
            }
        }
    }

    private void step() throws IOException, InterruptedException {
        Producer<byte[], byte[]> reset = resetRequested;
        if (reset != null) {
            resetRequested = null;
            producers.reset(reset, "the producer failed in a way it cannot recover from");
        }
        if (retry) {
            awaitRetry();
            return;
        }
        release(false);
        Producer<byte[], byte[]> p = producers.get();
        if (p == null) {
            sleep(200);
            return;
        }
        int room = window - inFlight.size();
        if (room <= 0) {
            inFlight.awaitAnswer(20);
            return;
        }
        if (!sendAgain.isEmpty()) {
            sendAgain(p, room);
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
            send(p, e);
        }
    }

    /** Sends again, in order, the records that failed (or were pending at the last stop). */
    private void sendAgain(Producer<byte[], byte[]> p, int room) throws IOException {
        long first = sendAgain.first();
        long last = sendAgain.last();
        List<ReplayQueue.Entry> batch = queue.read(first, (int) Math.min(room, last - first + 1), READ_BYTES);
        long covered = batch.isEmpty() ? last : batch.get(batch.size() - 1).seq();
        for (ReplayQueue.Entry e : batch) {
            if (!running || retry) {
                return;
            }
            if (sendAgain.remove(e.seq())) {
                send(p, e);
            }
        }
        // what was asked for and not found is gone (dropped as corrupt): nothing to wait for
        sendAgain.headSet(covered, true).clear();
    }

    private void send(Producer<byte[], byte[]> p, ReplayQueue.Entry e) {
        long seq = e.seq();
        BridgeRecord r;
        try {
            r = RecordCodec.decode(e.record());
        } catch (IllegalArgumentException x) {
            LOG.error("Kafka bridge: record {} in the buffer cannot be read ({}); dropped", seq, x.getMessage());
            counters.dropped("corrupt", 1);
            return;
        }
        inFlight.sent(seq);
        try {
            Integer partition = partitions.choose(p, r);
            p.send(Records.of(r, partition), (meta, error) -> answered(p, seq, r, error));
        } catch (RuntimeException x) {
            answered(p, seq, r, x);
        }
    }

    /** A record's outcome; runs on the producer's I/O thread (or the sender's when send itself failed). */
    private void answered(Producer<byte[], byte[]> p, long seq, BridgeRecord r, Exception error) {
        if (error == null) {
            inFlight.acked(seq);
            counters.sent(r.ruleId());
            status.sent();
            return;
        }
        switch (SendErrors.classify(error)) {
            case DROP -> {
                inFlight.acked(seq);
                counters.failed(r.ruleId());
                status.error(r.topic() + ": " + error.getMessage());
                logDrop(r, error);
            }
            case RESET -> {
                inFlight.failed(seq);
                status.error(error.toString());
                resetRequested = p;
                retry = true;
            }
            case RETRY, STOP -> {
                inFlight.failed(seq);
                if (running) {
                    status.error(error.toString());
                }
                retry = true;
            }
        }
    }

    private void logDrop(BridgeRecord r, Exception error) {
        long now = System.currentTimeMillis();
        if (now - dropLogAt > 10_000) {
            dropLogAt = now;
            LOG.error("Kafka bridge: Kafka refused a record of rule {} for topic {} for good, so it is counted as "
                    + "failed and not sent again: {}", r.ruleId(), r.topic(), error.toString());
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
            LOG.info("Kafka bridge: {} records were not accepted by Kafka ({}); sending them again in {} ms, and "
                    + "again with longer pauses while it lasts (logged once a minute)", failed.size(),
                    status.lastError(), pauseMs);
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

    /** Records handed to the producer and not acknowledged yet. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Stops handing out records. The thread is never interrupted: it may be inside a read of the buffer's files,
     * and an interrupt would close them. A {@code send()} waiting for Kafka's metadata returns when the producer
     * is closed, so close the producer next, then {@link #join}.
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
            LOG.warn("Kafka bridge: the replay sender did not stop within {} ms", timeout.toMillis());
        }
    }

    /**
     * Saves how far the sender got; call after the producer closed, so that the last acknowledgements count.
     * Records that were not acknowledged are sent again after the next start.
     */
    public void savePosition() {
        try {
            inFlight.takeFailed().forEach(sendAgain::add);
            queue.release(inFlight.position(next, sendAgain), true);
        } catch (IOException e) {
            LOG.error("Kafka bridge: cannot save the buffer position; some records may be sent twice", e);
        }
    }
}
