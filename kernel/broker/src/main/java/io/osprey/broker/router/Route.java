package io.osprey.broker.router;

import java.util.concurrent.ConcurrentHashMap;

import io.osprey.api.SubscriptionOptions;

/** Everything subscribed to one topic filter: plain subscribers and shared groups. */
final class Route {

    final String filter;
    final ConcurrentHashMap<Subscriber, SubscriptionOptions> subscribers = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, SharedGroup> groups = new ConcurrentHashMap<>();

    Route(String filter) {
        this.filter = filter;
    }

    boolean isEmpty() {
        return subscribers.isEmpty() && groups.isEmpty();
    }
}
