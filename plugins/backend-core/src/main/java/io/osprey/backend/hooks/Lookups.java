package io.osprey.backend.hooks;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backend's lookups ({@code on_subscribe_lookup}, {@code on_message_fetch}, {@code on_retain_lookup}) on its
 * query threads, never on a client's I/O thread, and acts on the session with what they found. A lookup that fails
 * (the database is unreachable, the query threads are all busy) is skipped, counted and logged at most once per 10 s.
 */
public final class Lookups {

    private static final Logger LOG = LoggerFactory.getLogger(Lookups.class);

    private final String plugin;
    private final Executor executor;
    private final SubscriptionService subscriptions;
    private final PublishService publisher;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile long lastFailLog;

    public Lookups(String plugin, Executor executor, SubscriptionService subscriptions, PublishService publisher) {
        this.plugin = plugin;
        this.executor = executor;
        this.subscriptions = subscriptions;
        this.publisher = publisher;
    }

    public long failed() {
        return failed.get();
    }

    /** Stored messages and retained messages delivered by fetch and lookup. */
    public long delivered() {
        return delivered.get();
    }

    /** Runs {@code task} on the query threads; a failure is counted and logged. */
    public void submit(String function, String clientId, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    fail(function, clientId, e.getMessage() == null ? e.toString() : e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            fail(function, clientId, "too many lookups waiting");
        }
    }

    /** on_subscribe_lookup: one stored subscription becomes a subscription of the client's session. */
    public void subscribe(String clientId, String filter, int qos) {
        if (filter == null || filter.isEmpty()) {
            return;
        }
        if (!subscriptions.subscribe(clientId, filter, SubscriptionOptions.ofQos(Math.max(0, Math.min(2, qos))))) {
            LOG.warn("on_subscribe_lookup: could not subscribe {} to '{}' (no session, or not a valid filter)",
                    clientId, filter);
        }
    }

    /** Delivers fetched or retained messages to one client, in order. */
    public void deliver(String clientId, List<Message> messages) {
        for (Message m : messages) {
            if (publisher.deliverTo(clientId, m)) {
                delivered.incrementAndGet();
            }
        }
    }

    /** The broker's message id from a stored msgid (16 hex digits); 0 (a new id) when it is something else. */
    public static long parseId(String msgid) {
        if (msgid == null || msgid.isEmpty() || msgid.length() > 16) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(msgid, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void fail(String function, String clientId, String why) {
        failed.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastFailLog > 10_000) {
            lastFailLog = now;
            LOG.warn("{} {} for {} failed: {} (further failures within 10 s are only counted)", plugin, function,
                    clientId, why);
        }
    }
}
