package io.osprey.bridge.core.event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.osprey.bridge.core.event.PayloadEncoding;

/**
 * Writes the JSON of an event with the fields EMQX's bridges (Kafka, RabbitMQ) use for each event, so that consumers
 * written for EMQX read them unchanged:
 * <ul>
 * <li>{@code client_connected}: client_id, username, ipaddress, keepalive, proto_ver, connected_at, node, ts</li>
 * <li>{@code client_disconnected}: client_id, username, reason, node, ts</li>
 * <li>{@code session_subscribed}: client_id, username, topic, qos, node, ts</li>
 * <li>{@code session_unsubscribed}: client_id, username, topic, node, ts</li>
 * <li>{@code message_publish}: client_id, username, topic, payload, qos, retain, node, ts</li>
 * <li>{@code message_delivered}, {@code message_acked}: client_id and username of the subscriber, from (the
 * publisher's client id), topic, payload, qos, node, ts</li>
 * </ul>
 * {@code ts} is milliseconds since the epoch; {@code payload} is base64 or UTF-8 text ({@code encode_payload_type}).
 * Missing user names are JSON {@code null}.
 */
public final class EventEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    private final PayloadEncoding payloadEncoding;
    private final String node;

    public EventEncoder(PayloadEncoding payloadEncoding, String node) {
        this.payloadEncoding = payloadEncoding;
        this.node = node;
    }

    public String node() {
        return node;
    }

    public byte[] encode(BridgeEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + (e.payload() == null ? 0 : e.payload().length * 4 / 3));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("client_id", e.clientId());
            g.writeStringField("username", e.username());
            switch (e.point()) {
                case CLIENT_CONNECTED -> {
                    g.writeStringField("ipaddress", e.peerHost());
                    g.writeNumberField("keepalive", e.keepAlive());
                    g.writeNumberField("proto_ver", e.protocolVersion());
                    g.writeNumberField("connected_at", e.connectedAt());
                }
                case CLIENT_DISCONNECTED -> g.writeStringField("reason", e.reason());
                case SESSION_SUBSCRIBED -> {
                    g.writeStringField("topic", e.topic());
                    g.writeNumberField("qos", e.qos());
                }
                case SESSION_UNSUBSCRIBED -> g.writeStringField("topic", e.topic());
                case MESSAGE_PUBLISH -> {
                    g.writeStringField("topic", e.topic());
                    g.writeStringField("payload", payload(e.payload()));
                    g.writeNumberField("qos", e.qos());
                    g.writeBooleanField("retain", e.retain());
                }
                case MESSAGE_DELIVERED, MESSAGE_ACKED -> {
                    g.writeStringField("from", e.from());
                    g.writeStringField("topic", e.topic());
                    g.writeStringField("payload", payload(e.payload()));
                    g.writeNumberField("qos", e.qos());
                }
            }
            g.writeStringField("node", node);
            g.writeNumberField("ts", e.ts());
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write the JSON of a " + e.point().key() + " record", x);
        }
        return out.toByteArray();
    }

    private String payload(byte[] payload) {
        if (payload == null) {
            return "";
        }
        return payloadEncoding == PayloadEncoding.BASE64 ? Base64.getEncoder().encodeToString(payload)
                : new String(payload, StandardCharsets.UTF_8);
    }
}
