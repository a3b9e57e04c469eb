package io.osprey.plugin.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The request body: one JSON object per event ({@code action}, {@code node}, then the event's fields), or, with
 * {@code batch_size} above 1, a JSON array of them in the order the events were taken.
 */
final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {
    }

    static byte[] encode(List<Event> events, boolean array, String node, boolean base64) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * events.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (array) {
                g.writeStartArray();
            }
            for (Event e : events) {
                g.writeStartObject();
                g.writeStringField("action", e.type().action());
                g.writeStringField("node", node);
                e.writeFields(g, base64);
                g.writeEndObject();
            }
            if (array) {
                g.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
