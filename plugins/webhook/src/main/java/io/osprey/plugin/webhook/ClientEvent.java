package io.osprey.plugin.webhook;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import io.osprey.api.ClientInfo;

/**
 * {@code client_connect}, {@code client_connack} ({@code conn_ack}: EMQX's reason name such as {@code success}) and
 * {@code client_connected} ({@code connected_at}: epoch milliseconds).
 */
record ClientEvent(EventType type, String clientId, String username, String ipaddress, int keepalive, int protoVer,
                   long connectedAt, String connAck) implements Event {

    static ClientEvent of(EventType type, ClientInfo c, String connAck) {
        return new ClientEvent(type, c.clientId(), c.username(), c.peerHost(), c.keepAlive(), c.protocolVersion(),
                c.connectedAt(), connAck);
    }

    @Override
    public void writeFields(JsonGenerator g, boolean base64) throws IOException {
        g.writeStringField("clientid", clientId);
        Event.writeNullable(g, "username", username);
        g.writeStringField("ipaddress", ipaddress);
        g.writeNumberField("keepalive", keepalive);
        g.writeNumberField("proto_ver", protoVer);
        if (type == EventType.CLIENT_CONNECTED) {
            g.writeNumberField("connected_at", connectedAt);
        }
        if (type == EventType.CLIENT_CONNACK) {
            g.writeStringField("conn_ack", connAck);
        }
    }
}
