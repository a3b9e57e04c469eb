package io.osprey.broker.store;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;

/**
 * A QoS 1/2 message queued for, or in flight to, a persistent session, as kept in the store.
 *
 * @param state    {@link #QUEUED}, {@link #INFLIGHT} (sent, waiting for PUBACK/PUBREC) or {@link #PUBREL}
 *                 (PUBREC received, PUBREL sent, waiting for PUBCOMP)
 * @param packetId the packet id it was sent with (0 while queued)
 * @param qos      the QoS it is delivered with
 * @param shareGroup the shared subscription group it came through, or {@code null}
 */
public record StoredDelivery(byte state, int packetId, int qos, SubscriptionOptions options, String shareGroup,
                             String shareFilter, boolean retainedOnSubscribe, Message message) {

    public static final byte QUEUED = 0;
    public static final byte INFLIGHT = 1;
    public static final byte PUBREL = 2;

    public StoredDelivery withState(byte newState, int newPacketId) {
        return new StoredDelivery(newState, newPacketId, qos, options, shareGroup, shareFilter, retainedOnSubscribe,
                message);
    }
}
