package io.osprey.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.hook.DropReason;
import io.osprey.api.hook.PublishResult;
import io.osprey.broker.codec.PacketText;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.hooks.HookRegistry;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.metrics.Metrics;
import io.osprey.broker.retain.RetainStore;
import io.osprey.broker.router.Router;
import io.osprey.broker.trace.TraceRegistry;

/**
 * The last steps every message takes once it is accepted: update the retained store, route it to subscribers,
 * count it. Also publishes messages on the broker's own behalf (wills, API, plugins) through the
 * {@code message.publish} hooks first.
 */
public final class Dispatcher {

    private final Router router;
    private final RetainStore retained;
    private final HookRegistry hooks;
    private final Metrics metrics;
    private final java.util.function.Supplier<BrokerSettings> settings;
    private final TraceRegistry traces;
    /** Retained $SYS messages (only the broker writes $SYS topics). */
    private final java.util.concurrent.atomic.AtomicInteger systemRetained = new java.util.concurrent.atomic.AtomicInteger();

    Dispatcher(Router router, RetainStore retained, HookRegistry hooks, Metrics metrics,
               java.util.function.Supplier<BrokerSettings> settings, TraceRegistry traces) {
        this.traces = traces;
        this.router = router;
        this.retained = retained;
        this.hooks = hooks;
        this.metrics = metrics;
        this.settings = settings;
    }

    /**
     * Stores (retain) and routes an accepted message.
     *
     * @param publisher the publishing client id for No Local, or {@code null}
     * @return the number of deliveries
     */
    public int dispatch(Message message, String publisher, boolean bridge) {
        metrics.inc(Metric.MESSAGES_PUBLISH);
        if (traces.anyTopic()) {
            traces.forTopic(message.topic(), t -> t.line("topic " + message.topic() + " from "
                    + (publisher == null ? "broker" : publisher) + " " + PacketText.publish(message, message.qos(),
                    0, false, message.retain(), t.withPayloads())));
        }
        if (message.retain()) {
            retain(message);
        }
        int n = router.route(message, publisher, bridge);
        if (n == 0) {
            metrics.inc(Metric.MESSAGES_DROPPED);
            metrics.inc(Metric.MESSAGES_DROPPED_NO_SUBSCRIBERS);
            if (!hooks.messageDropped.isEmpty()) {
                hooks.messageDropped(message, DropReason.NO_SUBSCRIBERS, null);
            }
        }
        return n;
    }

    private void retain(Message message) {
        BrokerSettings s = settings.get();
        if (!s.retainAvailable()) {
            return;
        }
        if (message.payload().length == 0) {
            // an empty retained message deletes the retained message of the topic [MQTT-3.3.1-6]
            if (retained.delete(message.topic()) && io.osprey.broker.session.DurableBarrier.current() != null) {
                io.osprey.broker.session.DurableBarrier.current().wrote();
            }
            return;
        }
        if (message.isSystemTopic()) {
            if (retained.get(message.topic()) == null) {
                systemRetained.incrementAndGet();
            }
            retained.put(message); // the broker's own $SYS facts are not subject to the users' limits
            return;
        }
        if (s.maxRetainedPayloadSize() > 0 && message.payload().length > s.maxRetainedPayloadSize()) {
            metrics.inc("messages.retained.dropped.too_large");
            return;
        }
        if (s.maxRetainedMessages() > 0 && userRetainedCount() >= s.maxRetainedMessages()
                && retained.get(message.topic()) == null) {
            metrics.inc("messages.retained.dropped.limit");
            return;
        }
        retained.put(message);
        metrics.inc(Metric.MESSAGES_RETAINED);
        io.osprey.broker.session.DurableBarrier barrier = io.osprey.broker.session.DurableBarrier.current();
        if (barrier != null) {
            barrier.wrote(); // an accepted retained message is acknowledged only once it is on disk
        }
    }

    /** Retained messages on topics of users (the broker's own {@code $SYS} ones not counted). */
    private int userRetainedCount() {
        return retained.size() - systemRetained.get();
    }

    /**
     * Publishes a message on the broker's behalf: runs the {@code message.publish} hooks (system topics skip them),
     * then dispatches it.
     *
     * @param publisher the client on whose behalf (a will), or {@code null}
     * @return completes with the number of deliveries (0 when a hook stopped the message)
     */
    public CompletableFuture<Integer> publish(ClientInfo publisher, Message message, Executor executor) {
        if (message.isSystemTopic() || hooks.messagePublish.isEmpty()) {
            return CompletableFuture.completedFuture(dispatch(message, null, false));
        }
        return hooks.messagePublish(publisher, message, executor).thenApply(r -> {
            if (r.action() != PublishResult.Action.CONTINUE) {
                metrics.inc(Metric.MESSAGES_DROPPED_HOOK_STOPPED);
                return 0;
            }
            return dispatch(r.message() != null ? r.message() : message, null, false);
        });
    }
}
