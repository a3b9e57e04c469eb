package io.osprey.plugin.webhook;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets events to the endpoint without ever making a client wait.
 * <p>
 * <b>Hand-off.</b> Hooks call {@link #offer}, which only counts the event against {@code max_queue_len} and puts it
 * on a lock-free inbox (or drops and counts it when the limit is reached). Everything else happens on the plugin's
 * own threads: one scheduler thread ({@code webhook-delivery}) and a small pool ({@code webhook-http-N}) that writes
 * the JSON and runs the HTTP client's callbacks.
 * <p>
 * <b>Order.</b> The scheduler keeps one FIFO lane per client id. A lane with a request in flight (or waiting to be
 * retried) is busy: its later events wait, so one client's events reach the endpoint one request after another, in
 * order. Lanes of different clients go in parallel, at most {@code pool_size} requests at once. A batch
 * ({@code batch_size} above 1) takes whole runs of events from several free lanes, so order holds inside a batch and
 * across batches.
 * <p>
 * <b>Failures.</b> A request that fails (connection error, timeout, status other than 2xx) is sent again after
 * {@code retry_interval}, doubling up to {@code max_retry_interval}, at most {@code max_retries} times; then its events
 * count as failed and their lanes move on. While the endpoint looks down (connection error, timeout, 5xx, 408, 429)
 * nothing new is sent until the next retry is due, so a dead endpoint is not hammered; the first success reopens
 * the flow.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final long IDLE_PARK_NANOS = 1_000_000_000L;
    private static final long REPORT_EVERY_NANOS = 1_000_000_000L;

    /** The settings and the HTTP client made from them, swapped together on reconfiguration. */
    private record Target(WebhookSettings settings, HttpTransport transport) {
    }

    /** One client's events in order; busy while a batch holding its events is in flight or waiting to retry. */
    private static final class Lane {
        final String clientId;
        final ArrayDeque<Event> events = new ArrayDeque<>();
        boolean busy;
        boolean inReady;

        Lane(String clientId) {
            this.clientId = clientId;
        }
    }

    /** One request's worth of events; sent again as is when it fails. */
    private static final class Batch {
        final List<Event> events = new ArrayList<>();
        final List<Lane> lanes = new ArrayList<>(1);
        int attempts;
        long dueAt;
        int status;
        Throwable error;
    }

    private final String node;
    private final Counters counters;
    private final ExecutorService io;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Event> inbox = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Batch> completed = new ConcurrentLinkedQueue<>();
    /** Events accepted and not yet sent, failed or dropped: waiting, retrying or in flight. */
    private final AtomicInteger held = new AtomicInteger();
    private volatile Target target;
    private volatile boolean accepting = true;
    private volatile boolean sleeping;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    private volatile int inFlightEvents;

    // ---- owned by the scheduler thread ----
    private final Map<String, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private final PriorityQueue<Batch> retries = new PriorityQueue<>(Comparator.comparingLong(b -> b.dueAt));
    private int readyEvents;
    private int inFlight;
    private long gateUntil;
    private boolean gated;
    private long fillingSince = -1;
    private long lastFailureLog = System.nanoTime() - LOG_EVERY_NANOS;
    private int failuresSinceLog;

    Delivery(WebhookSettings settings, String node, Counters counters) {
        this.node = node;
        this.counters = counters;
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.io = Executors.newFixedThreadPool(threads, named("webhook-http-"));
        this.target = new Target(settings, settings.url() == null ? null : new HttpTransport(settings, io));
        this.thread = named("webhook-delivery").newThread(this::run);
        thread.start();
    }

    /**
     * Takes an event for delivery, or drops and counts it when {@code max_queue_len} events are held. Any thread;
     * never blocks.
     *
     * @return {@code false} when dropped
     */
    boolean offer(Event e) {
        int max = target.settings().maxQueueLen();
        // the first test is a plain read: while the queue stays full, dropping costs no atomic update of held
        if (held.get() >= max) {
            counters.queueFull();
            return false;
        }
        if (held.incrementAndGet() > max) {
            held.decrementAndGet();
            counters.queueFull();
            return false;
        }
        if (!accepting) {
            // a hook still running while the plugin stops: counted like the events stop() could not send
            held.decrementAndGet();
            counters.droppedOnStop(1);
            return false;
        }
        inbox.offer(e);
        if (sleeping) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Applies new settings; events already held stay queued and go to the new url. */
    void reconfigure(WebhookSettings s) {
        Target old = target;
        HttpTransport t = s.url() == null ? null
                : old.transport() != null && s.sameTransport(old.settings()) ? old.transport()
                : new HttpTransport(s, io);
        target = new Target(s, t);
        LockSupport.unpark(thread);
    }

    WebhookSettings settings() {
        return target.settings();
    }

    /** Events waiting to be sent (including those waiting for a retry). */
    int queued() {
        return Math.max(0, held.get() - inFlightEvents);
    }

    /** Events in requests the endpoint has not answered yet. */
    int inFlight() {
        return inFlightEvents;
    }

    /**
     * Stops taking events and gives the pending ones up to {@code grace} to go out; what is still pending then
     * (waiting, retrying or unanswered) is counted as dropped and logged.
     *
     * @return the number of events dropped
     */
    int stop(Duration grace) throws InterruptedException {
        accepting = false;
        stopDeadline = System.nanoTime() + grace.toNanos();
        stopping = true;
        LockSupport.unpark(thread);
        thread.join(grace.toMillis() + 2000);
        int left = held.getAndSet(0);
        if (left > 0) {
            counters.droppedOnStop(left);
            LOG.warn("Webhook stopped with {} events not delivered to {} within drain_timeout = {} ms; counted in "
                    + "webhook.dropped (requests still unanswered may yet arrive)", left, target.settings().url(),
                    grace.toMillis());
        }
        io.shutdownNow();
        return left;
    }

    // ---- the scheduler thread ------------------------------------------------------------------------------

    private void run() {
        long lastReport = System.nanoTime();
        try {
            while (true) {
                takeInbox();
                takeCompleted();
                long now = System.nanoTime();
                send(now);
                if (now - lastReport >= REPORT_EVERY_NANOS) {
                    counters.report(target.settings().maxQueueLen(), now);
                    lastReport = now;
                }
                if (stopping && (held.get() == 0 || now - stopDeadline >= 0)) {
                    counters.report(target.settings().maxQueueLen(), now);
                    return;
                }
                long wait = waitNanos(now);
                sleeping = true;
                if (inbox.isEmpty() && completed.isEmpty()) {
                    LockSupport.parkNanos(this, wait);
                }
                sleeping = false;
            }
        } catch (Throwable t) {
            LOG.error("Webhook delivery stopped unexpectedly; events are no longer sent", t);
        }
    }

    private void takeInbox() {
        Event e;
        while ((e = inbox.poll()) != null) {
            Lane lane = lanes.computeIfAbsent(e.clientId(), Lane::new);
            lane.events.add(e);
            if (!lane.busy) {
                readyEvents++;
                if (!lane.inReady) {
                    lane.inReady = true;
                    ready.add(lane);
                }
            }
        }
    }

    private void takeCompleted() {
        Batch b;
        while ((b = completed.poll()) != null) {
            int n = b.events.size();
            inFlight--;
            inFlightEvents -= n;
            if (b.error == null && b.status >= 200 && b.status < 300) {
                counters.sent(n);
                held.addAndGet(-n);
                gated = false;
                release(b);
                continue;
            }
            WebhookSettings s = target.settings();
            boolean endpointDown = b.error != null || b.status >= 500 || b.status == 408 || b.status == 429;
            long now = System.nanoTime();
            if (b.attempts > s.maxRetries()) {
                counters.failed(n);
                held.addAndGet(-n);
                release(b);
                LOG.warn("Webhook gave up {} events after {} attempts: {} (metric webhook.failed)", n, b.attempts,
                        describe(b));
                continue;
            }
            b.dueAt = now + s.backoffNanos(b.attempts);
            retries.add(b);
            if (endpointDown) {
                gateUntil = gated ? Math.max(gateUntil, b.dueAt) : b.dueAt;
                gated = true;
            }
            failuresSinceLog++;
            if (now - lastFailureLog >= LOG_EVERY_NANOS) {
                LOG.warn("Webhook request to {} failed: {}; retry {} of {} in {} ms ({} failed requests since the "
                        + "last line, {} events held)", s.url(), describe(b), b.attempts, s.maxRetries(),
                        (b.dueAt - now) / 1_000_000, failuresSinceLog, held.get());
                lastFailureLog = now;
                failuresSinceLog = 0;
            }
        }
    }

    /** The batch's lanes are free again: each goes back to the ready lanes, or away when it is empty. */
    private void release(Batch b) {
        for (Lane lane : b.lanes) {
            lane.busy = false;
            if (lane.events.isEmpty()) {
                lanes.remove(lane.clientId);
            } else {
                readyEvents += lane.events.size();
                lane.inReady = true;
                ready.add(lane);
            }
        }
    }

    private void send(long now) {
        Target t = target;
        if (t.transport() == null || (gated && now - gateUntil < 0)) {
            return;
        }
        WebhookSettings s = t.settings();
        while (inFlight < s.pool() && !retries.isEmpty() && retries.peek().dueAt - now <= 0) {
            Batch b = retries.poll();
            counters.retried(b.events.size());
            post(t, b);
        }
        while (inFlight < s.pool() && readyEvents > 0) {
            if (s.batchSize() > 1 && readyEvents < s.batchSize() && !stopping) {
                if (fillingSince < 0) {
                    fillingSince = now;
                }
                if (now - fillingSince < s.batchInterval().toNanos()) {
                    return;
                }
            }
            fillingSince = -1;
            post(t, take(s.batchSize()));
        }
        if (readyEvents == 0) {
            fillingSince = -1;
        }
    }

    /** Up to {@code max} events from the ready lanes, each lane's run kept whole and in order. */
    private Batch take(int max) {
        Batch b = new Batch();
        while (b.events.size() < max && !ready.isEmpty()) {
            Lane lane = ready.poll();
            lane.inReady = false;
            readyEvents -= lane.events.size();
            while (b.events.size() < max && !lane.events.isEmpty()) {
                b.events.add(lane.events.poll());
            }
            lane.busy = true;
            b.lanes.add(lane);
        }
        return b;
    }

    private void post(Target t, Batch b) {
        inFlight++;
        inFlightEvents += b.events.size();
        b.attempts++;
        boolean array = t.settings().batchSize() > 1;
        boolean base64 = t.settings().base64();
        try {
            io.execute(() -> {
                CompletableFuture<Integer> answer;
                try {
                    answer = t.transport().post(EventJson.encode(b.events, array, node, base64));
                } catch (Throwable e) {
                    answer = CompletableFuture.failedFuture(e);
                }
                answer.whenComplete((status, error) -> done(b, status, error));
            });
        } catch (RejectedExecutionException e) {
            done(b, null, e);
        }
    }

    /** Called on an HTTP thread when the endpoint answered or the request failed. */
    private void done(Batch b, Integer status, Throwable error) {
        b.status = status == null ? 0 : status;
        b.error = error;
        completed.add(b);
        LockSupport.unpark(thread);
    }

    /** How long the scheduler may sleep: until the next retry, the end of the gate or of a batch's fill time. */
    private long waitNanos(long now) {
        long wait = IDLE_PARK_NANOS;
        Target t = target;
        WebhookSettings s = t.settings();
        if (t.transport() != null && inFlight < s.pool() && (readyEvents > 0 || !retries.isEmpty())) {
            long next = Long.MAX_VALUE;
            if (!retries.isEmpty()) {
                next = retries.peek().dueAt;
            }
            if (readyEvents > 0) {
                next = Math.min(next, fillingSince >= 0 ? fillingSince + s.batchInterval().toNanos() : now);
            }
            if (gated && gateUntil - next > 0) {
                next = gateUntil;
            }
            wait = Math.min(wait, next - now);
        }
        if (stopping) {
            wait = Math.min(wait, stopDeadline - now);
        }
        return Math.max(wait, 100_000L);
    }

    private static String describe(Batch b) {
        if (b.error == null) {
            return "HTTP status " + b.status;
        }
        Throwable c = b.error;
        while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException
                || c.getMessage() == null)) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

    /** For tests: wait until nothing is held (everything sent, failed or dropped). */
    boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (held.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
