package io.osprey.plugin.mqttbridge.config;

/**
 * One {@code subscription.<n>.topic} / {@code subscription.<n>.qos}: a filter subscribed on the remote broker
 * ({@code $share/<group>/…} allowed there); what arrives is published locally under the same topic.
 */
public record Subscription(String topic, int qos) {
}
