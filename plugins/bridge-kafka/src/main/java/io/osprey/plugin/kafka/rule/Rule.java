package io.osprey.plugin.kafka.rule;

import io.osprey.plugin.kafka.record.BridgeEvent;

/**
 * One bridge rule: events of {@code point} whose topic matches {@code filter} become records on the Kafka topic
 * {@code kafkaTopic}, keyed by {@code key} and spread over partitions by {@code strategy}.
 *
 * @param id     the configuration key that defined the rule, e.g. {@code hook.message.publish.1}; counters are
 *               kept under it
 * @param filter {@code null} for points without a topic (every event matches)
 * @param key    {@code null} for records without a key
 */
public record Rule(String id, HookPoint point, TopicFilter filter, String kafkaTopic, KeyTemplate key,
                   PartitionStrategy strategy) {

    /** Does {@code event} (of this rule's point) match the rule's filter? */
    public boolean matches(BridgeEvent event) {
        if (filter == null) {
            return true;
        }
        return switch (point) {
            case SESSION_SUBSCRIBED, SESSION_UNSUBSCRIBED -> filter.matchesSubscription(event.topic());
            default -> filter.matches(event.topic());
        };
    }

    /** The record key for {@code event}, or {@code null}. */
    public byte[] keyFor(BridgeEvent event, String node) {
        return key == null ? null : key.render(event, node);
    }
}
