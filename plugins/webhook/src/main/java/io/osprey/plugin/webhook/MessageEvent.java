package io.osprey.plugin.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonGenerator;
import io.osprey.api.Message;

/**
 * {@code message_publish}, and per subscriber {@code message_delivered} and {@code message_acked} (which add the
 * subscriber's {@code clientid} and {@code username}). {@code ts} is the time the broker received the message, in
 * epoch milliseconds. With {@code encoding_of_payload_field = plain} the payload is read as UTF-8 (bytes that are not
 * become U+FFFD: use base64 for binary payloads). The message is immutable and its payload read-only, so keeping it
 * until it is written is safe.
 */
record MessageEvent(EventType type, String receiver, String receiverUsername, Message message) implements Event {

    @Override
    public String clientId() {
        if (receiver != null) {
            return receiver;
        }
        return message.fromClientId() == null ? "" : message.fromClientId();
    }

    @Override
    public void writeFields(JsonGenerator g, boolean base64) throws IOException {
        if (type != EventType.MESSAGE_PUBLISH) {
            g.writeStringField("clientid", receiver);
            Event.writeNullable(g, "username", receiverUsername);
        }
        Event.writeNullable(g, "from_client_id", message.fromClientId());
        Event.writeNullable(g, "from_username", message.fromUsername());
        g.writeStringField("topic", message.topic());
        g.writeNumberField("qos", message.qos());
        g.writeBooleanField("retain", message.retain());
        g.writeStringField("payload", base64 ? Base64.getEncoder().encodeToString(message.payload())
                : new String(message.payload(), StandardCharsets.UTF_8));
        g.writeNumberField("ts", message.timestamp());
    }
}
