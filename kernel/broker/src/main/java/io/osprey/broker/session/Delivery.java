package io.osprey.broker.session;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.broker.router.SharedRef;
import io.osprey.broker.store.StoredDelivery;

/**
 * One message on its way to one session: the message, the options of the subscription that matched, whether it is
 * sent because of a new subscription (retained delivery, which always carries RETAIN=1 [MQTT-3.3.1-8]), its sequence
 * number in the store (0 when it is not stored), and the publisher's durability barrier (or {@code null}).
 */
record Delivery(Message message, SubscriptionOptions options, SharedRef shared, boolean retainedOnSubscribe, long seq,
                DurableBarrier barrier) {

    Delivery(Message message, SubscriptionOptions options, SharedRef shared, boolean retainedOnSubscribe) {
        this(message, options, shared, retainedOnSubscribe, 0, null);
    }

    /** The QoS to send with: the lower of the message's and the subscription's, or the subscription's if upgrading. */
    int qos(boolean upgradeQos) {
        int sub = options.qos();
        int msg = message.qos();
        return upgradeQos ? sub : Math.min(sub, msg);
    }

    /** The RETAIN flag on the wire: 1 for retained-on-subscribe, else the original flag only if Retain As Published. */
    boolean retainFlag(boolean bridge) {
        return retainedOnSubscribe || ((options.retainAsPublished() || bridge) && message.retain());
    }

    Delivery stored(long sequence) {
        return new Delivery(message, options, shared, retainedOnSubscribe, sequence, null);
    }

    StoredDelivery toStored(byte state, int packetId, int qos) {
        return new StoredDelivery(state, packetId, qos, options, shared == null ? null : shared.group(),
                shared == null ? null : shared.filter(), retainedOnSubscribe, message);
    }

    static Delivery fromStored(long seq, StoredDelivery s) {
        SharedRef shared = s.shareGroup() == null ? null : new SharedRef(s.shareGroup(), s.shareFilter());
        return new Delivery(s.message(), s.options(), shared, s.retainedOnSubscribe(), seq, null);
    }
}
