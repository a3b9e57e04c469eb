package io.osprey.bridge.core.rule;

import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.event.EventBody;
import io.osprey.bridge.core.event.HookPoint;

/**
 * One bridge rule: which events it takes ({@link #point()}, {@link #matches}) and the record it makes of each — a
 * Kafka record, a RabbitMQ message, a PUBLISH for a remote broker. Each bridge has its own rule type; the core only
 * selects and counts.
 *
 * @param <R> the bridge's record type
 */
public interface Rule<R> {

    /** The configuration key that defined the rule, e.g. {@code hook.message.publish.1}; counters go by it. */
    String id();

    HookPoint point();

    /** Does {@code event} (of this rule's point) match the rule's filter? */
    boolean matches(BridgeEvent event);

    /**
     * The record for a matching event.
     *
     * @param body the event's JSON, encoded once however many rules use it
     */
    R record(BridgeEvent event, EventBody body);
}
