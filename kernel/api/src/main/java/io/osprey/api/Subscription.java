package io.osprey.api;

/**
 * One subscription of one client. {@code topicFilter} is the filter as the client sent it, including a
 * {@code $share/<group>/} or {@code $queue/} prefix for shared subscriptions.
 */
public record Subscription(String clientId, String topicFilter, SubscriptionOptions options) {
}
