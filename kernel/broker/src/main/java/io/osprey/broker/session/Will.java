package io.osprey.broker.session;

import io.osprey.api.Message;

/** A will message and its MQTT 5 Will Delay Interval in seconds (0 for 3.1.x). */
public record Will(Message message, long delaySeconds) {
}
