package io.osprey.backend.write;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued writes on the backend's own thread, in batches, in the order the hooks queued them (so a client's
 * "disconnected" never overtakes its "connected", nor an acknowledgement the message it acknowledges).
 * <p>
 * Hooks call {@link #offer}, which never blocks: beyond {@code queue_size} waiting writes the write is dropped,
 * counted and logged (at most one line per 10 s). The thread takes up to {@code batch_size} writes and hands them to
 * the {@link Sink} (one transaction, one pipeline). When the server cannot be reached the batch is kept and retried
 * every {@code retry_interval} until it can: nothing queued is lost while the queue has room. A write the server
 * refuses (a bad rule, data too long) fails alone and is counted as failed.
 *
 * @param <W> what the sink writes
 */
public final class Writer<W extends Queued> {

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private static final long LOG_EVERY_MS = 10_000;

    private final LinkedBlockingQueue<W> queue = new LinkedBlockingQueue<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Thread thread;
    private final LongConsumer onWritten;
    private final LongConsumer onFailed;
    private final LongConsumer onDropped;
    private final Sink.Results<W> results = new Sink.Results<>() {
        @Override
        public void stored(int count) {
            written.addAndGet(count);
            onWritten.accept(count);
        }

        @Override
        public void refused(W write, Exception why) {
            failed.incrementAndGet();
            onFailed.accept(1);
            logRefusal(write, why);
        }
    };
    private volatile Sink<W> sink;
    private volatile int capacity;
    private volatile int batchSize;
    private volatile long retryMillis;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    /** Writes accepted and not yet finished (queued or in the batch being written): what the bound counts. */
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong lastDropLog = new AtomicLong();
    private final AtomicLong droppedAtLastLog = new AtomicLong();
    private long lastFailLog;

    /**
     * @param onWritten, onFailed, onDropped counters to feed (the broker's metrics), called with a delta
     */
    public Writer(Sink<W> sink, int capacity, int batchSize, long retryMillis, LongConsumer onWritten,
                  LongConsumer onFailed, LongConsumer onDropped) {
        this.sink = sink;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.retryMillis = retryMillis;
        this.onWritten = onWritten;
        this.onFailed = onFailed;
        this.onDropped = onDropped;
        this.thread = new Thread(this::run, "osprey-" + sink.health().plugin() + "-writer");
        this.thread.setDaemon(true);
        this.thread.setContextClassLoader(Writer.class.getClassLoader());
    }

    public void start() {
        thread.start();
    }

    /** Uses another sink (new connection settings) from the next batch on; queued writes stay queued. */
    public void reconfigure(Sink<W> newSink, int newCapacity, int newBatchSize, long newRetryMillis) {
        this.sink = newSink;
        this.capacity = newCapacity;
        this.batchSize = newBatchSize;
        this.retryMillis = newRetryMillis;
        thread.interrupt(); // wake a retry wait so the new sink is tried at once
    }

    /**
     * Queues a write; never blocks. The bound counts the batch being written too, so at most {@code queue_size}
     * writes are held while the server is away.
     *
     * @return {@code false} when the queue was full and the write was dropped
     */
    public boolean offer(W w) {
        if (stopping) {
            drop(1);
            return false;
        }
        if (held.incrementAndGet() > capacity) {
            held.decrementAndGet();
            drop(1);
            return false;
        }
        queue.add(w);
        return true;
    }

    private void drop(long n) {
        dropped.addAndGet(n);
        onDropped.accept(n);
        // hot under overload: no lock, one thread wins the right to log every 10 s
        long now = System.currentTimeMillis();
        long last = lastDropLog.get();
        if (now - last >= LOG_EVERY_MS && lastDropLog.compareAndSet(last, now)) {
            long total = dropped.get();
            long since = total - droppedAtLastLog.getAndSet(total);
            Health h = sink.health();
            LOG.warn("{} write queue full ({} writes waiting): dropped {} writes{}", h.plugin(), held.get(), since,
                    h.isUp() ? "" : " while " + h.server() + " is unreachable");
        }
    }

    /** Writes waiting, including the batch being written. */
    public int queued() {
        return held.get();
    }

    public int capacity() {
        return capacity;
    }

    public long written() {
        return written.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("queue", queued());
        s.put("queue_size", capacity);
        s.put("written", written.get());
        s.put("failed", failed.get());
        s.put("dropped", dropped.get());
        s.put("batches", batches.get());
        s.put("retries", retries.get());
        return s;
    }

    /**
     * Stops taking writes and gives the thread up to {@code flushTimeoutMillis} to write what is queued; what is
     * left then is counted as dropped and logged.
     */
    public void stop(long flushTimeoutMillis) {
        stopDeadline = System.currentTimeMillis() + flushTimeoutMillis;
        stopping = true;
        thread.interrupt();
        try {
            thread.join(flushTimeoutMillis + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = held.get();
        if (left > 0) {
            queue.clear();
            held.set(0);
            dropped.addAndGet(left);
            onDropped.accept(left);
            Health h = sink.health();
            LOG.warn("{} stopped with {} writes not stored: {} {} did not take them within {} ms", h.plugin(), left,
                    h.server(), h.target(), flushTimeoutMillis);
        }
    }

    // ---- the writer thread -------------------------------------------------------------------------------------

    private void run() {
        List<W> batch = new ArrayList<>();
        while (true) {
            if (batch.isEmpty()) {
                if (stopping && queue.isEmpty()) {
                    return;
                }
                try {
                    W first = queue.poll(stopping ? 0 : 200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                } catch (InterruptedException e) {
                    continue; // reconfigured or stopping: look again
                }
                queue.drainTo(batch, batchSize - 1);
            }
            if (stopping && System.currentTimeMillis() > stopDeadline) {
                return; // stop() counts what is left
            }
            List<W> run = coalesce(batch);
            if (run != batch) {
                int redundant = batch.size() - run.size();
                results.stored(redundant); // made redundant by a later write with the same key
                held.addAndGet(-redundant);
                batch.clear();
                batch.addAll(run);
            }
            int size = batch.size();
            try {
                sink.write(batch, results);
                batches.incrementAndGet();
                held.addAndGet(-size);
                batch.clear();
            } catch (UnavailableException e) {
                // the server could not be reached: keep what is left of the batch (the sink removed what it
                // finished) and try again
                retries.incrementAndGet();
                held.addAndGet(-(size - batch.size()));
                pause();
            } catch (RuntimeException e) {
                LOG.error("{} writer: unexpected failure; {} writes dropped", sink.health().plugin(), batch.size(), e);
                failed.addAndGet(batch.size());
                onFailed.accept(batch.size());
                held.addAndGet(-batch.size());
                batch.clear();
            }
        }
    }

    private void pause() {
        long wait = retryMillis;
        if (stopping) {
            wait = Math.min(wait, Math.max(0, stopDeadline - System.currentTimeMillis()));
        }
        try {
            Thread.sleep(Math.max(1, wait));
        } catch (InterruptedException e) {
            // reconfigured or stopping: retry now
        }
    }

    /**
     * The batch without the writes a later write with the same coalesce key makes redundant (many acknowledgements
     * of one subscriber in a burst move its read position once). Order is kept.
     */
    public static <W extends Queued> List<W> coalesce(List<W> batch) {
        Set<String> seen = null;
        boolean[] skip = null;
        for (int i = batch.size() - 1; i >= 0; i--) {
            String key = batch.get(i).coalesceKey();
            if (key == null) {
                continue;
            }
            if (seen == null) {
                seen = new HashSet<>();
                skip = new boolean[batch.size()];
            }
            if (!seen.add(key)) {
                skip[i] = true;
            }
        }
        if (skip == null) {
            return batch;
        }
        List<W> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (!skip[i]) {
                out.add(batch.get(i));
            }
        }
        return out;
    }

    private void logRefusal(W w, Exception e) {
        long now = System.currentTimeMillis();
        if (now - lastFailLog >= LOG_EVERY_MS) {
            lastFailLog = now;
            Health h = sink.health();
            LOG.warn("{}: {} refused \"{}\": {} (further refusals within 10 s are only counted)", h.plugin(),
                    h.server(), w, e.getMessage());
        }
    }
}
