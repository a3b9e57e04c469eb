package io.osprey.bridge.core.send;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.bridge.core.stats.LinkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync mode: sends the records of one published message straight to the {@link Sink} and completes a future when
 * the remote side acknowledged all of them ({@code true}), refused one, or {@code produce.sync_timeout} passed
 * ({@code false}).
 * <p>
 * The broker thread only queues the work: a sink's {@code send()} may block briefly (Kafka metadata, RabbitMQ flow
 * control), so it runs on this sender's own thread, behind a bounded queue. A full queue or a sink without a
 * connection fails the message at once, and a message whose time ran out before its turn is not sent at all (its
 * publisher will send it again).
 *
 * @param <R> the bridge's record type
 */
public final class SyncSender<R> {

    private static final Logger LOG = LoggerFactory.getLogger(SyncSender.class);

    private final Sink<R> sink;
    private final Function<R, String> ruleOf;
    private final BridgeCounters counters;
    private final LinkStatus status;
    private final long timeoutMs;
    private final String label;
    private final BlockingQueue<Task> tasks;
    private final ScheduledThreadPoolExecutor timer;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param ruleOf     the rule id of a record (for the counters)
     * @param capacity   messages waiting for this sender's thread, at most
     * @param threadName the sender thread's name; the timer's gets {@code -timer}
     */
    public SyncSender(Sink<R> sink, Function<R, String> ruleOf, BridgeCounters counters, LinkStatus status,
                      Duration timeout, int capacity, String label, String threadName) {
        this.sink = sink;
        this.ruleOf = ruleOf;
        this.counters = counters;
        this.status = status;
        this.timeoutMs = timeout.toMillis();
        this.label = label;
        this.tasks = new ArrayBlockingQueue<>(capacity);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName + "-timer");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues the records of one message. Never blocks. */
    public CompletableFuture<Boolean> send(List<R> records) {
        Task t = new Task(records);
        if (!running || !tasks.offer(t)) {
            t.finish(false, running ? "too many messages waiting for the remote side" : "the bridge is stopping");
            return t.result;
        }
        t.timeout = timer.schedule(() -> t.finish(false, "no answer within " + timeoutMs + " ms"),
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
            if (!sink.ready()) {
                t.finish(false, "not connected (see the log)");
                continue;
            }
            for (int i = 0; i < t.records.size(); i++) {
                Answer a = new Answer(t, i);
                try {
                    sink.send(t.records.get(i), a);
                } catch (RuntimeException e) {
                    a.retry(e.toString());
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

    /** The outcome of record {@code index} of a task. */
    private final class Answer implements Sink.Outcome {
        private final Task task;
        private final int index;

        Answer(Task task, int index) {
            this.task = task;
            this.index = index;
        }

        @Override
        public void sent() {
            task.answered(index, null);
        }

        @Override
        public void retry(String why) {
            task.answered(index, why);
        }

        @Override
        public void refused(String why) {
            task.answered(index, why);
        }
    }

    /** The records of one message and its outcome. Each record is counted once: sent, or failed. */
    private final class Task {
        final List<R> records;
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        final boolean[] acked;
        int remaining;
        volatile ScheduledFuture<?> timeout;
        boolean finished;

        Task(List<R> records) {
            this.records = records;
            this.remaining = records.size();
            this.acked = new boolean[records.size()];
        }

        void answered(int index, String error) {
            synchronized (this) {
                if (finished || acked[index]) {
                    return;
                }
                if (error == null) {
                    acked[index] = true;
                    counters.sent(ruleOf.apply(records.get(index)));
                    status.sent();
                    remaining--;
                    if (remaining > 0) {
                        return;
                    }
                }
            }
            if (error == null) {
                finish(true, null);
            } else {
                finish(false, "a record was not accepted: " + error);
            }
        }

        void finish(boolean ok, String why) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                if (!ok) {
                    // the records not acknowledged in time are the failed ones
                    for (int i = 0; i < acked.length; i++) {
                        if (!acked[i]) {
                            counters.failed(ruleOf.apply(records.get(i)));
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
                LOG.debug("{}: a sync publish failed: {}", label, why);
            }
            result.complete(ok);
        }
    }
}
