package io.osprey.plugin.rabbitmq.rule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.osprey.api.UserProperty;
import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.event.EventBody;
import io.osprey.bridge.core.event.HookPoint;
import io.osprey.bridge.core.event.Template;
import io.osprey.bridge.core.rule.EventFilter;
import io.osprey.bridge.core.rule.Rule;
import io.osprey.plugin.rabbitmq.record.AmqpRecord;

/**
 * One RabbitMQ bridge rule: events of {@code point} whose topic matches {@code filter} become messages to
 * {@code exchange} with a routing key made from {@code routingKey}, in which the MQTT topic's {@code /} becomes
 * {@code topicSeparator} (so that {@code sensors/+/temp} maps to the AMQP binding {@code sensors.*.temp}).
 * <p>
 * The body is the event as EMQX's JSON, or with {@code raw} ({@code message.publish} only) the MQTT payload as it
 * is, with the topic, QoS, retain flag and publisher in the headers {@code mqtt_topic}, {@code mqtt_qos},
 * {@code mqtt_retain}, {@code mqtt_clientid}. MQTT 5 user properties become headers either way.
 *
 * @param filter {@code null} for points without a topic (every event matches)
 */
public record AmqpRule(String id, HookPoint point, EventFilter filter, Exchange exchange, Template routingKey,
                       String topicSeparator, boolean raw, boolean persistent) implements Rule<AmqpRecord> {

    /** The longest routing key AMQP carries (a short string). */
    public static final int MAX_ROUTING_KEY_BYTES = 255;

    @Override
    public boolean matches(BridgeEvent event) {
        return filter == null || filter.matches(event);
    }

    @Override
    public AmqpRecord record(BridgeEvent e, EventBody body) {
        String key = routingKey.render(e, body.node(), this::mapTopic);
        List<AmqpRecord.Header> headers = new ArrayList<>();
        byte[] bytes;
        String contentType;
        if (raw) {
            bytes = e.payload() == null ? new byte[0] : e.payload();
            contentType = null;
            headers.add(new AmqpRecord.Header("mqtt_topic", e.topic()));
            headers.add(new AmqpRecord.Header("mqtt_qos", Integer.toString(e.qos())));
            headers.add(new AmqpRecord.Header("mqtt_retain", Boolean.toString(e.retain())));
            if (e.clientId() != null) {
                headers.add(new AmqpRecord.Header("mqtt_clientid", e.clientId()));
            }
        } else {
            bytes = body.json();
            contentType = "application/json";
        }
        for (UserProperty p : e.userProperties()) {
            headers.add(new AmqpRecord.Header(p.name(), p.value()));
        }
        return new AmqpRecord(id, exchange.name(), exchange.type(), key, bytes, contentType, persistent, e.ts(),
                List.copyOf(headers));
    }

    private String mapTopic(String topic) {
        return topicSeparator.equals("/") ? topic : topic.replace("/", topicSeparator);
    }

    /** Does the routing key fit AMQP's 255 bytes? */
    public static boolean fits(String routingKey) {
        return routingKey.length() <= MAX_ROUTING_KEY_BYTES / 3
                || routingKey.getBytes(StandardCharsets.UTF_8).length <= MAX_ROUTING_KEY_BYTES;
    }
}
