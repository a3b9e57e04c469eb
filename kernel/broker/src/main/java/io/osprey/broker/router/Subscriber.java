package io.osprey.broker.router;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;

/** What the router delivers to: a session. Implementations must accept calls from any thread. */
public interface Subscriber {

    String clientId();

    /** Connected right now (shared subscriptions prefer connected members). */
    boolean isOnline();

    /**
     * Hands one message to this subscriber under the options of the subscription that matched. Never blocks; the
     * subscriber queues it and sends it from its own thread.
     *
     * @param shared the shared subscription it came through, or {@code null}
     */
    void deliver(Message message, SubscriptionOptions options, SharedRef shared);
}
