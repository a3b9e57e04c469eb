package io.osprey.bench.jmh;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.broker.router.SharedRef;
import io.osprey.broker.router.Subscriber;

/**
 * A subscriber that only counts what the router hands it, so that routing benchmarks measure the router and not a
 * session's queue.
 */
final class NoopSubscriber implements Subscriber {

    private final String clientId;
    long deliveries;

    NoopSubscriber(String clientId) {
        this.clientId = clientId;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public boolean isOnline() {
        return true;
    }

    @Override
    public void deliver(Message message, SubscriptionOptions options, SharedRef shared) {
        deliveries++;
    }
}
