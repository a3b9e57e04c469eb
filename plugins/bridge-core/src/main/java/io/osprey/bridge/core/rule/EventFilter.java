package io.osprey.bridge.core.rule;

import io.osprey.api.Topic;
import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.event.HookPoint;

/**
 * A rule's MQTT topic filter ({@code sensors/+/temp}, {@code #}), matched with the broker's own rules
 * ({@link Topic#matches}, including "a leading wildcard does not match {@code $}-topics" [MQTT-4.7.2-1]).
 * <p>
 * Subscription events carry a filter rather than a topic; it is matched as if it were a topic, its wildcards taken
 * as plain levels, after removing a shared-subscription prefix ({@code $share/<group>/}, {@code $queue/}), as
 * EMQX's bridges do.
 */
public final class EventFilter {

    private final String filter;

    private EventFilter(String filter) {
        this.filter = filter;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: empty, or a wildcard that is not a whole level, or
     *                                  {@code #} not last
     */
    public static EventFilter parse(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("a topic filter must not be empty");
        }
        if (!Topic.isValidFilter(filter)) {
            throw new IllegalArgumentException("'#' must be a whole level and the last one, '+' must be a whole "
                    + "level: " + filter);
        }
        return new EventFilter(filter);
    }

    public String filter() {
        return filter;
    }

    /** Does this filter match the topic name {@code topic}? */
    public boolean matches(String topic) {
        return Topic.matches(filter, topic);
    }

    /** Matches a subscription's filter, without its shared-subscription prefix. */
    public boolean matchesSubscription(String subscriptionFilter) {
        return matches(unshared(subscriptionFilter));
    }

    /** Matches the event's topic, or its subscription filter for session events. */
    public boolean matches(BridgeEvent e) {
        if (e.topic() == null) {
            return false;
        }
        return e.point() == HookPoint.SESSION_SUBSCRIBED || e.point() == HookPoint.SESSION_UNSUBSCRIBED
                ? matchesSubscription(e.topic()) : matches(e.topic());
    }

    /** {@code $share/g/a/b} and {@code $queue/a/b} → {@code a/b}; other filters unchanged. */
    public static String unshared(String subscriptionFilter) {
        if (subscriptionFilter.startsWith("$share/")) {
            int slash = subscriptionFilter.indexOf('/', 7);
            return slash < 0 ? subscriptionFilter : subscriptionFilter.substring(slash + 1);
        }
        if (subscriptionFilter.startsWith("$queue/")) {
            return subscriptionFilter.substring(7);
        }
        return subscriptionFilter;
    }

    @Override
    public String toString() {
        return filter;
    }
}
