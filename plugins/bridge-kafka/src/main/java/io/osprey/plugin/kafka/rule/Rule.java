package io.osprey.plugin.kafka.rule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.osprey.api.UserProperty;
import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.event.EventBody;
import io.osprey.bridge.core.event.HookPoint;
import io.osprey.bridge.core.event.Template;
import io.osprey.bridge.core.rule.EventFilter;
import io.osprey.plugin.kafka.record.BridgeRecord;

/**
 * One Kafka bridge rule: events of {@code point} whose topic matches {@code filter} become records on the Kafka topic
 * {@code kafkaTopic}, keyed by {@code key} and spread over partitions by {@code strategy}. MQTT 5 user properties of
 * a message become record headers.
 *
 * @param id     the configuration key that defined the rule, e.g. {@code hook.message.publish.1}; counters are
 *               kept under it
 * @param filter {@code null} for points without a topic (every event matches)
 * @param key    {@code null} for records without a key
 */
public record Rule(String id, HookPoint point, EventFilter filter, String kafkaTopic, Template key,
                   PartitionStrategy strategy) implements io.osprey.bridge.core.rule.Rule<BridgeRecord> {

    @Override
    public boolean matches(BridgeEvent event) {
        return filter == null || filter.matches(event);
    }

    /** The record key for {@code event}, or {@code null}. */
    public byte[] keyFor(BridgeEvent event, String node) {
        return key == null ? null : key.render(event, node).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public BridgeRecord record(BridgeEvent e, EventBody body) {
        List<BridgeRecord.Header> headers = List.of();
        List<UserProperty> props = e.userProperties();
        if (!props.isEmpty()) {
            List<BridgeRecord.Header> h = new ArrayList<>(props.size());
            for (UserProperty p : props) {
                h.add(new BridgeRecord.Header(p.name(), p.value().getBytes(StandardCharsets.UTF_8)));
            }
            headers = List.copyOf(h);
        }
        return new BridgeRecord(id, kafkaTopic, strategy, keyFor(e, body.node()), body.json(), headers);
    }
}
