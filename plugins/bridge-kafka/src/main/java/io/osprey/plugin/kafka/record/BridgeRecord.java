package io.osprey.plugin.kafka.record;

import java.util.List;

import io.osprey.plugin.kafka.rule.PartitionStrategy;

/**
 * One record on its way to Kafka: what the producer needs, plus the rule it came from (for the per-rule counters,
 * also after a restart, when it comes back from the disk buffer).
 *
 * @param key {@code null} for a record without a key
 */
public record BridgeRecord(String ruleId, String topic, PartitionStrategy strategy, byte[] key, byte[] value,
                           List<Header> headers) {

    /** A Kafka record header: an MQTT 5 user property of the message. */
    public record Header(String name, byte[] value) {
    }

    /** Roughly the bytes the record takes, for memory bounds. */
    public int weight() {
        int n = 64 + topic.length() + ruleId.length() + value.length + (key == null ? 0 : key.length);
        for (Header h : headers) {
            n += 8 + h.name.length() + h.value.length;
        }
        return n;
    }
}
