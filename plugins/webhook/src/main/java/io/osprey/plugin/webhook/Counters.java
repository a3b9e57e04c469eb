package io.osprey.plugin.webhook;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.osprey.api.service.MetricsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happened to the events, counted in events: {@code sent} (the endpoint answered 2xx), {@code retried} (sent
 * again after a failed request), {@code failed} (given up after {@code max_retries}), {@code dropped} (the queue was
 * full, or the plugin stopped before they went out). Each also goes to the broker's metrics as {@code webhook.<name>}.
 * <p>
 * A drop for a full queue happens on a client's I/O thread, possibly hundreds of thousands of times a second while
 * the endpoint cannot keep up, so it costs one {@link LongAdder} increment; the delivery thread then moves the count
 * to the metric about once a second ({@link #report}) and logs it at most once per {@link #WARN_EVERY_NANOS}.
 */
final class Counters {

    static final String SENT = "webhook.sent";
    static final String RETRIED = "webhook.retried";
    static final String FAILED = "webhook.failed";
    static final String DROPPED = "webhook.dropped";

    private static final Logger LOG = LoggerFactory.getLogger(Counters.class);
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final MetricsService metrics;
    private final LongAdder sent = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder queueFull = new LongAdder();
    private final AtomicLong droppedOnStop = new AtomicLong();
    // owned by the thread calling report()
    private long queueFullReported;
    private long queueFullWarned;
    private long lastWarning;
    private boolean warnedOnce;

    Counters(MetricsService metrics) {
        this.metrics = metrics;
    }

    void sent(int n) {
        sent.add(n);
        metrics.increment(SENT, n);
    }

    void retried(int n) {
        retried.add(n);
        metrics.increment(RETRIED, n);
    }

    void failed(int n) {
        failed.add(n);
        metrics.increment(FAILED, n);
    }

    /** An event refused because {@code max_queue_len} events are held. Any thread; one increment. */
    void queueFull() {
        queueFull.increment();
    }

    /** Events still pending when the plugin stopped (the caller logs them). */
    void droppedOnStop(int n) {
        droppedOnStop.addAndGet(n);
        metrics.increment(DROPPED, n);
    }

    /**
     * Moves new queue-full drops to the {@code webhook.dropped} metric and logs them, at most once per 10 s. Called
     * by the delivery thread about once a second, and when it stops.
     */
    void report(int maxQueueLen, long now) {
        long all = queueFull.sum();
        long fresh = all - queueFullReported;
        if (fresh > 0) {
            metrics.increment(DROPPED, fresh);
            queueFullReported = all;
        }
        if (all > queueFullWarned && (!warnedOnce || now - lastWarning >= WARN_EVERY_NANOS)) {
            LOG.warn("Webhook queue full (max_queue_len = {}): {} events dropped since the last warning, {} in all "
                    + "(metric webhook.dropped); is the endpoint slow or down?", maxQueueLen, all - queueFullWarned,
                    all + droppedOnStop.get());
            queueFullWarned = all;
            lastWarning = now;
            warnedOnce = true;
        }
    }

    long sent() {
        return sent.sum();
    }

    long retried() {
        return retried.sum();
    }

    long failed() {
        return failed.sum();
    }

    long dropped() {
        return queueFull.sum() + droppedOnStop.get();
    }
}
