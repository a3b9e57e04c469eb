package io.osprey.plugin.webhook;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * {@code client_disconnected} (with {@code disconnected_at}, epoch milliseconds) and {@code session_terminated}:
 * the reason is one of the shutdown reasons of the README ({@code normal}, {@code closed}, {@code takenover}, …).
 */
record ReasonEvent(EventType type, String clientId, String username, String reason, long at) implements Event {

    @Override
    public void writeFields(JsonGenerator g, boolean base64) throws IOException {
        g.writeStringField("clientid", clientId);
        Event.writeNullable(g, "username", username);
        g.writeStringField("reason", reason);
        if (type == EventType.CLIENT_DISCONNECTED) {
            g.writeNumberField("disconnected_at", at);
        }
    }
}
