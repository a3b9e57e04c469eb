package io.osprey.broker.session;

import io.osprey.api.Message;

/** A QoS 1/2 message sent to the client and not yet fully acknowledged. */
final class InflightEntry {

    /** Waiting for PUBACK (QoS 1) or PUBREC (QoS 2). */
    static final byte WAIT_ACK = 1;
    /** QoS 2: PUBREC received, PUBREL sent, waiting for PUBCOMP. */
    static final byte WAIT_COMP = 2;

    final int packetId;
    final Delivery delivery;
    final Message message;
    final int qos;
    byte state = WAIT_ACK;
    long sentAt;
    /** Neighbours in send order, kept by {@link InflightWindow}. */
    InflightEntry prev;
    InflightEntry next;

    InflightEntry(int packetId, Delivery delivery, Message message, int qos, long sentAt) {
        this.packetId = packetId;
        this.delivery = delivery;
        this.message = message;
        this.qos = qos;
        this.sentAt = sentAt;
    }
}
