package io.osprey.broker.session;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;

/**
 * A will message, its MQTT 5 Will Delay Interval in seconds (0 for 3.1.x), and a copy of its client as it connected
 * ({@code null} for a will restored from the store), so that the ACL can check the will again when it is published.
 */
public record Will(Message message, long delaySeconds, ClientInfo owner) {

    public Will(Message message, long delaySeconds) {
        this(message, delaySeconds, null);
    }
}
