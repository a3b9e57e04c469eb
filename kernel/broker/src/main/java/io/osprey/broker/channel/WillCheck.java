package io.osprey.broker.channel;

import io.osprey.api.ConnectReason;
import io.osprey.api.hook.AclAction;
import io.osprey.broker.acl.ClientSnapshot;
import io.osprey.broker.acl.ReservedTopics;
import io.osprey.broker.acl.WillGate;
import io.osprey.broker.session.Will;

/**
 * The will of a connecting client, checked once it is authenticated and before its session opens, with the rules of
 * a PUBLISH ({@link ReservedTopics}, the ACL, {@code acl_nomatch}). A will the client may not publish is refused:
 * MQTT 5 gets CONNACK 0x87 Not authorized; MQTT 3.1.x has no code for it, so the client connects without its will,
 * which is logged and counted, as EMQX does. An accepted will keeps a copy of the client, for the second check when
 * it is published ({@link WillGate}).
 */
final class WillCheck {

    private WillCheck() {
    }

    /** Checks {@code c.will} and runs {@code then} unless the CONNECT was refused. */
    static void check(MqttConnection c, Runnable then) {
        Will will = c.will;
        if (will == null) {
            then.run();
            return;
        }
        String topic = will.message().topic();
        String refusal = ReservedTopics.publishRefusal(topic, c.bridge);
        if (refusal != null) {
            refused(c, refusal, then);
            return;
        }
        Boolean quick = AclCheck.quick(c, AclAction.PUBLISH, topic);
        if (quick != null) {
            decided(c, quick, then);
            return;
        }
        ConnectFlow.await(c, AclCheck.ask(c, AclAction.PUBLISH, topic), ok -> decided(c, ok, then));
    }

    private static void decided(MqttConnection c, boolean allowed, Runnable then) {
        if (!allowed) {
            refused(c, "not authorized to publish to " + c.will.message().topic(), then);
            return;
        }
        c.will = new Will(c.will.message(), c.will.delaySeconds(), ClientSnapshot.of(c));
        then.run();
    }

    private static void refused(MqttConnection c, String why, Runnable then) {
        if (c.protocolVersion >= 5) {
            ConnectFlow.refuse(c, ConnectReason.NOT_AUTHORIZED, ShutdownReason.NOT_AUTHORIZED, "will: " + why);
            return;
        }
        WillGate.dropped(c.metrics, c.broker.hooks(), c, c.will.message(), why);
        c.will = null;
        then.run();
    }
}
