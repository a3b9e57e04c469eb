package io.osprey.plugin.webhook;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import io.osprey.api.SubscriptionOptions;

/**
 * {@code client_subscribe}, {@code session_subscribed} (with {@code opts}: {@code qos} and the MQTT 5 options
 * {@code nl}, {@code rap}, {@code rh}, as EMQX parses them for every protocol version, plus {@code subid} when set),
 * {@code client_unsubscribe} ({@code opts} is {@code {}}) and {@code session_unsubscribed} (no {@code opts}).
 */
record TopicEvent(EventType type, String clientId, String username, String topic, SubscriptionOptions options)
        implements Event {

    @Override
    public void writeFields(JsonGenerator g, boolean base64) throws IOException {
        g.writeStringField("clientid", clientId);
        Event.writeNullable(g, "username", username);
        g.writeStringField("topic", topic);
        if (type == EventType.SESSION_UNSUBSCRIBED) {
            return;
        }
        g.writeObjectFieldStart("opts");
        if (options != null) {
            g.writeNumberField("qos", options.qos());
            g.writeNumberField("nl", options.noLocal() ? 1 : 0);
            g.writeNumberField("rap", options.retainAsPublished() ? 1 : 0);
            g.writeNumberField("rh", options.retainHandling());
            if (options.subscriptionIdentifier() > 0) {
                g.writeNumberField("subid", options.subscriptionIdentifier());
            }
        }
        g.writeEndObject();
    }
}
