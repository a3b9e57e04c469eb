package io.osprey.plugin.mysql.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued writes on the plugin's own thread, in batches, in the order the hooks queued them (so a client's
 * "disconnected" never overtakes its "connected", nor an acknowledgement the message it acknowledges).
 * <p>
 * Hooks call {@link #offer}, which never blocks: beyond {@code queue_size} waiting writes the write is dropped,
 * counted and logged (at most one line per 10 s). The thread takes up to {@code batch_size} writes, runs each run of
 * writes with the same statement as one JDBC batch, and commits them together. When the server cannot be reached the
 * batch is kept and retried every {@code retry_interval} until it can: nothing queued is lost while the queue has
 * room. A statement the server rejects (a bad rule, data too long) fails alone: the batch is re-run one write at a
 * time and only the rejected writes are counted as failed.
 */
public final class Writer {

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private static final long LOG_EVERY_MS = 10_000;

    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Thread thread;
    private final LongConsumer onWritten;
    private final LongConsumer onFailed;
    private final LongConsumer onDropped;
    private volatile Database db;
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
    public Writer(Database db, int capacity, int batchSize, long retryMillis, LongConsumer onWritten,
                  LongConsumer onFailed, LongConsumer onDropped) {
        this.db = db;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.retryMillis = retryMillis;
        this.onWritten = onWritten;
        this.onFailed = onFailed;
        this.onDropped = onDropped;
        this.thread = new Thread(this::run, "osprey-backend-mysql-writer");
        this.thread.setDaemon(true);
        this.thread.setContextClassLoader(Writer.class.getClassLoader());
    }

    public void start() {
        thread.start();
    }

    /** Uses another pool (new connection settings) from the next batch on; queued writes stay queued. */
    public void reconfigure(Database newDb, int newCapacity, int newBatchSize, long newRetryMillis) {
        this.db = newDb;
        this.capacity = newCapacity;
        this.batchSize = newBatchSize;
        this.retryMillis = newRetryMillis;
        thread.interrupt(); // wake a retry wait so the new pool is tried at once
    }

    /**
     * Queues a write; never blocks. The bound counts the batch being written too, so at most {@code queue_size}
     * writes are held while MySQL is away.
     *
     * @return {@code false} when the queue was full and the write was dropped
     */
    public boolean offer(Write w) {
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
            LOG.warn("backend-mysql write queue full ({} writes waiting): dropped {} writes{}", held.get(), since,
                    db.isUp() ? "" : " while MySQL is unreachable");
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
            LOG.warn("backend-mysql stopped with {} writes not stored: MySQL {} did not take them within {} ms", left,
                    db.settings().target(), flushTimeoutMillis);
        }
    }

    // ---- the writer thread -------------------------------------------------------------------------------------

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            if (batch.isEmpty()) {
                if (stopping && queue.isEmpty()) {
                    return;
                }
                try {
                    Write first = queue.poll(stopping ? 0 : 200, TimeUnit.MILLISECONDS);
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
            try {
                writeBatch(batch);
                held.addAndGet(-batch.size());
                batch.clear();
            } catch (SQLException e) {
                // the server could not be reached: keep the batch and try again
                db.markDown(e);
                retries.incrementAndGet();
                pause();
            } catch (RuntimeException e) {
                LOG.error("backend-mysql writer: unexpected failure; {} writes dropped", batch.size(), e);
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
     * Writes the batch in one transaction. Throws {@link SQLException} only for connection problems (the caller
     * retries); statement errors are resolved here by writing one at a time.
     */
    private void writeBatch(List<Write> batch) throws SQLException {
        Database d = db;
        List<Write> run = coalesce(batch);
        try (Connection c = d.connectionForWriter()) {
            try {
                c.setAutoCommit(false);
                int i = 0;
                while (i < run.size()) {
                    int j = i;
                    String sql = run.get(i).sql();
                    while (j < run.size() && run.get(j).sql().equals(sql)) {
                        j++;
                    }
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        if (j - i == 1) {
                            bind(ps, run.get(i).params());
                            ps.executeUpdate();
                        } else {
                            for (int k = i; k < j; k++) {
                                bind(ps, run.get(k).params());
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                    }
                    i = j;
                }
                c.commit();
                batches.incrementAndGet();
                written.addAndGet(batch.size());
                onWritten.accept(batch.size());
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (Database.isConnectionError(e)) {
                    throw e;
                }
                writeOneByOne(c, batch);
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the pool discards a broken connection
                }
            }
        }
    }

    /**
     * The batch without the writes a later write with the same coalesce key makes redundant (many acknowledgements
     * of one subscriber in a burst move its read position once). Order is kept.
     */
    static List<Write> coalesce(List<Write> batch) {
        java.util.Set<String> seen = null;
        boolean[] skip = null;
        for (int i = batch.size() - 1; i >= 0; i--) {
            String key = batch.get(i).coalesceKey();
            if (key == null) {
                continue;
            }
            if (seen == null) {
                seen = new java.util.HashSet<>();
                skip = new boolean[batch.size()];
            }
            if (!seen.add(key)) {
                skip[i] = true;
            }
        }
        if (skip == null) {
            return batch;
        }
        List<Write> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (!skip[i]) {
                out.add(batch.get(i));
            }
        }
        return out;
    }

    private void writeOneByOne(Connection c, List<Write> batch) throws SQLException {
        c.setAutoCommit(true);
        // writes already stored are removed from the batch, so a connection failure half-way retries only the rest
        while (!batch.isEmpty()) {
            Write w = batch.get(0);
            try (PreparedStatement ps = c.prepareStatement(w.sql())) {
                bind(ps, w.params());
                ps.executeUpdate();
                written.incrementAndGet();
                onWritten.accept(1);
            } catch (SQLException e) {
                if (Database.isConnectionError(e)) {
                    throw e;
                }
                failed.incrementAndGet();
                onFailed.accept(1);
                logFailure(w, e);
            }
            batch.remove(0);
            held.decrementAndGet();
        }
    }

    private void logFailure(Write w, SQLException e) {
        long now = System.currentTimeMillis();
        if (now - lastFailLog >= LOG_EVERY_MS) {
            lastFailLog = now;
            LOG.warn("backend-mysql: MySQL rejected \"{}\": {} (further rejections within 10 s are only counted)",
                    w.sql(), e.getMessage());
        }
    }

    static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
    }


    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // connection already broken: the pool replaces it
        }
    }
}
