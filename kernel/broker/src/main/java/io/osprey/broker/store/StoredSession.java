package io.osprey.broker.store;

import java.util.Map;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;

/**
 * What the store keeps of a persistent session besides its messages: enough to bring it back after a restart with
 * its subscriptions, expiry (counting the downtime) and a will that was waiting for its delay.
 *
 * @param disconnectedAt epoch milliseconds when its client went away, or 0 while connected
 * @param willDeadline   epoch milliseconds at which {@code will} is due, or 0 for none
 */
public record StoredSession(String clientId, long expiryInterval, long disconnectedAt, String username,
                            int protocolVersion, Map<String, SubscriptionOptions> subscriptions, Message will,
                            long willDeadline) {
}
