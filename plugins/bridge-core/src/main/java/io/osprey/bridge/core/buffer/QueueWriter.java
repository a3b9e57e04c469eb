package io.osprey.bridge.core.buffer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into the {@link ReplayQueue} on its own thread, so that broker threads never wait for the disk:
 * they only hand encoded records over into a bounded hand-off (by count and by bytes), and this thread appends them
 * in batches and forces them to disk about once a second. Memory never grows without bound:
 * <ul>
 * <li>{@link #offer}: when the hand-off is full, the record is refused and the caller counts it as dropped (events
 * nobody waits for: connections, deliveries, acks);</li>
 * <li>{@link #offerOrWait}: when the hand-off is full, the records wait in line and the returned stage completes when
 * they are in — a publisher's acknowledgement waits that long, and the broker reads nothing more from that client
 * meanwhile, so at most one message per connection waits. Publishers are slowed down to the disk's pace instead of
 * losing messages.</li>
 * </ul>
 */
public final class QueueWriter {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWriter.class);
    private static final int BATCH = 4096;
    private static final long SYNC_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Messages waiting in line at most (a safety bound: the broker already limits it to one per connection). */
    private static final int MAX_WAITING = 100_000;

    private record Item(String rule, byte[] bytes) {
    }

    /** Records of one message that did not fit, and the publisher's stage. */
    private record Waiting(List<Item> items, CompletableFuture<Void> done) {
    }

    private final ReplayQueue queue;
    private final long maxPendingBytes;
    private final BlockingQueue<Item> pending;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final DropListener failures;
    private final Thread thread;
    private volatile Runnable appended = () -> { };
    private volatile boolean running = true;
    private long lastSync = System.nanoTime();
    private long errorLogAt;

    /**
     * @param failures told about records lost because the disk refused them (full, read-only) or the writer stopped
     */
    public QueueWriter(ReplayQueue queue, int maxPendingRecords, long maxPendingBytes, DropListener failures) {
        this(queue, maxPendingRecords, maxPendingBytes, failures, "osprey-bridge-buffer");
    }

    /** @param threadName the writer thread's name, e.g. {@code osprey-bridge-kafka-buffer} */
    public QueueWriter(ReplayQueue queue, int maxPendingRecords, long maxPendingBytes, DropListener failures,
                       String threadName) {
        this.queue = queue;
        this.maxPendingBytes = maxPendingBytes;
        this.pending = new ArrayBlockingQueue<>(maxPendingRecords);
        this.failures = failures;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Runs after each batch reached the buffer (the bridge wakes its sender). */
    public void onAppended(Runnable r) {
        this.appended = r;
    }

    /**
     * Hands one encoded record over. Never blocks.
     *
     * @return {@code false} when the hand-off is full (or the writer stopped): the record was not taken
     */
    public boolean offer(String rule, byte[] record) {
        if (!running) {
            return false;
        }
        // events may pass publishers waiting in line: they belong to other rules, and nobody waits for them
        boolean queued = tryPut(new Item(rule, record));
        if (queued) {
            LockSupport.unpark(thread);
        }
        return queued;
    }

    /**
     * Hands the records of one message over, in order. Never blocks.
     *
     * @return {@code null} when they were all taken at once; otherwise a stage that completes when they are all in
     *         the hand-off, or exceptionally when the writer stops or too many messages wait already
     */
    public CompletableFuture<Void> offerOrWait(List<String> rules, List<byte[]> records) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("the buffer's writer is stopped"));
        }
        CompletableFuture<Void> done = null;
        synchronized (waiting) {
            int i = 0;
            if (waiting.isEmpty()) {
                while (i < records.size() && tryPut(new Item(rules.get(i), records.get(i)))) {
                    i++;
                }
            }
            if (i < records.size()) {
                if (waiting.size() >= MAX_WAITING) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            waiting.size() + " messages already wait for the buffer's writer"));
                }
                List<Item> rest = new ArrayList<>(records.size() - i);
                for (; i < records.size(); i++) {
                    rest.add(new Item(rules.get(i), records.get(i)));
                }
                done = new CompletableFuture<>();
                waiting.add(new Waiting(rest, done));
            }
        }
        LockSupport.unpark(thread);
        return done;
    }

    private boolean tryPut(Item item) {
        long size = item.bytes.length;
        long after = pendingBytes.addAndGet(size);
        if ((after > maxPendingBytes && after != size) || !pending.offer(item)) {
            pendingBytes.addAndGet(-size);
            return false;
        }
        return true;
    }

    /** Moves waiting messages into the hand-off while there is room; completes their stages. */
    private void admitWaiting() {
        List<CompletableFuture<Void>> admitted = null;
        synchronized (waiting) {
            while (!waiting.isEmpty()) {
                Waiting w = waiting.peek();
                while (!w.items.isEmpty() && tryPut(w.items.get(0))) {
                    w.items.remove(0);
                }
                if (!w.items.isEmpty()) {
                    break;
                }
                waiting.poll();
                if (admitted == null) {
                    admitted = new ArrayList<>();
                }
                admitted.add(w.done);
            }
        }
        if (admitted != null) {
            // continuations run on each publisher's own I/O thread (the broker completes hooks there)
            admitted.forEach(f -> f.complete(null));
        }
    }

    private void run() {
        List<Item> batch = new ArrayList<>(BATCH);
        while (true) {
            batch.clear();
            pending.drainTo(batch, BATCH);
            admitWaiting();
            if (batch.isEmpty()) {
                if (!running && waitingCount() == 0) {
                    break;
                }
                syncIfDue();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            write(batch);
            syncIfDue();
        }
        try {
            queue.sync();
        } catch (IOException e) {
            LOG.warn("{} buffer: final sync failed: {}", queue.label(), e.toString());
        }
    }

    private int waitingCount() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void write(List<Item> batch) {
        List<byte[]> records = new ArrayList<>(batch.size());
        long bytes = 0;
        for (Item i : batch) {
            records.add(i.bytes);
            bytes += i.bytes.length;
        }
        try {
            queue.appendAll(records);
            appended.run();
        } catch (IOException | RuntimeException e) {
            Map<String, Long> lost = new HashMap<>();
            batch.forEach(i -> lost.merge(i.rule, 1L, Long::sum));
            long now = System.currentTimeMillis();
            if (now - errorLogAt > 10_000) {
                errorLogAt = now;
                LOG.error("{} buffer: cannot write {} records to {}; they are dropped", queue.label(), batch.size(),
                        queue.dir(), e);
            }
            failures.dropped(lost, "cannot write to " + queue.dir() + ": " + e);
        } finally {
            pendingBytes.addAndGet(-bytes);
        }
    }

    private void syncIfDue() {
        long now = System.nanoTime();
        if (now - lastSync >= SYNC_INTERVAL_NANOS) {
            lastSync = now;
            try {
                queue.sync();
            } catch (IOException e) {
                LOG.warn("{} buffer: sync failed: {}", queue.label(), e.toString());
            }
        }
    }

    /** Records handed over and not yet written, plus the messages waiting in line for room. */
    public int pending() {
        return pending.size() + waitingCount();
    }

    /** Writes what was handed over (and what waits in line), then stops. */
    public void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
