package io.osprey.plugin.rabbitmq.record;

import java.util.List;

/**
 * One message on its way to RabbitMQ: where it goes, what it carries, and the rule it came from (for the per-rule
 * counters, also after a restart, when it comes back from the disk buffer).
 *
 * @param exchangeType the type to declare the exchange with ({@code topic}, {@code direct}, {@code fanout},
 *                     {@code headers}), or {@code null} to use an existing exchange as it is
 * @param contentType  {@code application/json} for event JSON, {@code null} for a raw payload
 * @param timestamp    milliseconds since the epoch (AMQP keeps seconds)
 */
public record AmqpRecord(String ruleId, String exchange, String exchangeType, String routingKey, byte[] body,
                         String contentType, boolean persistent, long timestamp, List<Header> headers) {

    /** An AMQP header of the message: an MQTT 5 user property, or a fact about a raw MQTT message. */
    public record Header(String name, String value) {
    }
}
