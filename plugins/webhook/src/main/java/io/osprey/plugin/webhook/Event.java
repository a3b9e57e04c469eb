package io.osprey.plugin.webhook;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One event to post. Built on the client's I/O thread from values copied out of the hook's arguments (cheap: no
 * JSON there); written as JSON later by the delivery threads. Events with the same {@link #clientId()} are posted
 * in the order they were made.
 */
sealed interface Event permits ClientEvent, ReasonEvent, TopicEvent, MessageEvent {

    EventType type();

    /** The client whose events must stay in order: the client concerned, the subscriber, or the publisher. */
    String clientId();

    /** Writes the fields after {@code action} and {@code node}, as EMQX 4.x's web hook does. */
    void writeFields(JsonGenerator g, boolean base64) throws IOException;

    /** {@code null} when absent, as EMQX writes an undefined user name. */
    static void writeNullable(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }
}
