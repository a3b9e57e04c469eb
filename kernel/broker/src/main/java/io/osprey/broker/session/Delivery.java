package io.osprey.broker.session;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.broker.router.SharedRef;

/**
 * One message on its way to one session: the message, the options of the subscription that matched, and whether it
 * is sent because of a new subscription (retained delivery, which always carries RETAIN=1 [MQTT-3.3.1-8]).
 */
record Delivery(Message message, SubscriptionOptions options, SharedRef shared, boolean retainedOnSubscribe) {

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
}
