package io.osprey.plugin.mqttbridge.record;

import io.osprey.api.MessageProperties;

/**
 * One message on its way to the remote broker: the topic there (mountpoint included), what to publish, and the
 * forward it came from (for the counters, also after a restart, when it comes back from the disk buffer).
 *
 * @param expiresAt  epoch milliseconds after which the message must not be forwarded (MQTT 5 Message Expiry
 *                   Interval), or 0 for never; the remote gets the interval that is left
 * @param properties the MQTT 5 properties passed on (user properties, content type, response topic, correlation
 *                   data, payload format); MQTT 3.1.1 remotes get none
 */
public record MqttRecord(String ruleId, String topic, byte[] payload, int qos, boolean retain, long expiresAt,
                         MessageProperties properties) {
}
