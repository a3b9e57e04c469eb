package io.osprey.plugin.kafka.produce;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.stats.BridgeCounters;
import io.osprey.plugin.kafka.stats.LinkStatus;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync mode: sends the records of one published message straight to Kafka and completes a future when Kafka
 * acknowledged all of them ({@code true}), refused one, or {@code produce.sync_timeout} passed ({@code false}).
 * <p>
 * The broker thread only queues the work: {@code send()} can block for metadata or buffer space, so it runs on this
 * sender's own thread, behind a bounded queue. A full queue or an unavailable producer fails the message at once,
 * and a message whose time ran out before its turn is not sent at all (its publisher will send it again).
 */
public final class SyncSender {

    private static final Logger LOG = LoggerFactory.getLogger(SyncSender.class);

    private final ProducerHandle producers;
    private final Partitions partitions = new Partitions();
    private final BridgeCounters counters;
    private final LinkStatus status;
    private final long timeoutMs;
    private final BlockingQueue<Task> tasks;
    private final ScheduledThreadPoolExecutor timer;
    private final Thread thread;
    private volatile boolean running = true;

    public SyncSender(ProducerHandle producers, BridgeCounters counters, LinkStatus status, Duration timeout,
                      int capacity) {
        this.producers = producers;
        this.counters = counters;
        this.status = status;
        this.timeoutMs = timeout.toMillis();
        this.tasks = new ArrayBlockingQueue<>(capacity);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "osprey-bridge-kafka-sync-timer");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.thread = new Thread(this::run, "osprey-bridge-kafka-sync");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues the records of one message. Never blocks. */
    public CompletableFuture<Boolean> send(List<BridgeRecord> records) {
        Task t = new Task(records);
        if (!running || !tasks.offer(t)) {
            t.finish(false, running ? "too many messages waiting for Kafka" : "the bridge is stopping");
            return t.result;
        }
        t.timeout = timer.schedule(() -> t.finish(false, "no answer from Kafka within " + timeoutMs + " ms"),
                timeoutMs, TimeUnit.MILLISECONDS);
        if (t.result.isDone()) {
            t.timeout.cancel(false);
        }
        return t.result;
    }

    private void run() {
        while (running) {
            Task t;
            try {
                t = tasks.take();
            } catch (InterruptedException e) {
                break;
            }
            if (t.result.isDone()) {
                continue;
            }
            Producer<byte[], byte[]> p = producers.get();
            if (p == null) {
                t.finish(false, "no Kafka producer (see the log)");
                continue;
            }
            for (BridgeRecord r : t.records) {
                try {
                    p.send(Records.of(r, partitions.choose(p, r)), (meta, error) -> t.answered(p, r, error));
                } catch (RuntimeException e) {
                    t.answered(p, r, e);
                }
            }
        }
        Task t;
        while ((t = tasks.poll()) != null) {
            t.finish(false, "the bridge is stopping");
        }
    }

    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    /** The records of one message and its outcome. Each record is counted once: sent, or failed. */
    private final class Task {
        final List<BridgeRecord> records;
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        final boolean[] acked;
        int remaining;
        volatile ScheduledFuture<?> timeout;
        boolean finished;

        Task(List<BridgeRecord> records) {
            this.records = records;
            this.remaining = records.size();
            this.acked = new boolean[records.size()];
        }

        void answered(Producer<byte[], byte[]> p, BridgeRecord r, Exception error) {
            boolean complete;
            synchronized (this) {
                if (finished) {
                    return;
                }
                if (error != null) {
                    complete = false;
                } else {
                    for (int i = 0; i < acked.length; i++) {
                        if (records.get(i) == r) {
                            acked[i] = true;
                        }
                    }
                    counters.sent(r.ruleId());
                    status.sent();
                    remaining--;
                    if (remaining > 0) {
                        return;
                    }
                    complete = true;
                }
            }
            if (complete) {
                finish(true, null);
            } else {
                if (SendErrors.classify(error) == SendErrors.RESET) {
                    producers.reset(p, error.toString());
                }
                finish(false, "Kafka refused a record for " + r.topic() + ": " + error);
            }
        }

        void finish(boolean ok, String why) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                if (!ok) {
                    // the records Kafka did not acknowledge in time are the failed ones
                    for (int i = 0; i < acked.length; i++) {
                        if (!acked[i]) {
                            counters.failed(records.get(i).ruleId());
                        }
                    }
                }
            }
            ScheduledFuture<?> tm = timeout;
            if (tm != null) {
                tm.cancel(false);
            }
            if (!ok) {
                status.error(why);
                LOG.debug("Kafka bridge: a sync publish failed: {}", why);
            }
            result.complete(ok);
        }
    }
}
