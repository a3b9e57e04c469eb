package io.osprey.broker.metrics;

/**
 * The catalogue of counters, named as EMQX 4 names them so that existing dashboards and scripts keep working.
 * Counters only grow; gauges live in {@link Stats}.
 */
public enum Metric {
    BYTES_RECEIVED("bytes.received"),
    BYTES_SENT("bytes.sent"),

    PACKETS_RECEIVED("packets.received"),
    PACKETS_SENT("packets.sent"),
    PACKETS_CONNECT_RECEIVED("packets.connect.received"),
    PACKETS_CONNACK_SENT("packets.connack.sent"),
    PACKETS_CONNACK_ERROR("packets.connack.error"),
    PACKETS_CONNACK_AUTH_ERROR("packets.connack.auth_error"),
    PACKETS_PUBLISH_RECEIVED("packets.publish.received"),
    PACKETS_PUBLISH_SENT("packets.publish.sent"),
    PACKETS_PUBLISH_INUSE("packets.publish.inuse"),
    PACKETS_PUBLISH_ERROR("packets.publish.error"),
    PACKETS_PUBLISH_AUTH_ERROR("packets.publish.auth_error"),
    PACKETS_PUBLISH_DROPPED("packets.publish.dropped"),
    PACKETS_PUBACK_RECEIVED("packets.puback.received"),
    PACKETS_PUBACK_SENT("packets.puback.sent"),
    PACKETS_PUBACK_MISSED("packets.puback.missed"),
    PACKETS_PUBREC_RECEIVED("packets.pubrec.received"),
    PACKETS_PUBREC_SENT("packets.pubrec.sent"),
    PACKETS_PUBREC_MISSED("packets.pubrec.missed"),
    PACKETS_PUBREL_RECEIVED("packets.pubrel.received"),
    PACKETS_PUBREL_SENT("packets.pubrel.sent"),
    PACKETS_PUBREL_MISSED("packets.pubrel.missed"),
    PACKETS_PUBCOMP_RECEIVED("packets.pubcomp.received"),
    PACKETS_PUBCOMP_SENT("packets.pubcomp.sent"),
    PACKETS_PUBCOMP_MISSED("packets.pubcomp.missed"),
    PACKETS_SUBSCRIBE_RECEIVED("packets.subscribe.received"),
    PACKETS_SUBSCRIBE_ERROR("packets.subscribe.error"),
    PACKETS_SUBSCRIBE_AUTH_ERROR("packets.subscribe.auth_error"),
    PACKETS_SUBACK_SENT("packets.suback.sent"),
    PACKETS_UNSUBSCRIBE_RECEIVED("packets.unsubscribe.received"),
    PACKETS_UNSUBSCRIBE_ERROR("packets.unsubscribe.error"),
    PACKETS_UNSUBACK_SENT("packets.unsuback.sent"),
    PACKETS_PINGREQ_RECEIVED("packets.pingreq.received"),
    PACKETS_PINGRESP_SENT("packets.pingresp.sent"),
    PACKETS_DISCONNECT_RECEIVED("packets.disconnect.received"),
    PACKETS_DISCONNECT_SENT("packets.disconnect.sent"),
    PACKETS_AUTH_RECEIVED("packets.auth.received"),
    PACKETS_AUTH_SENT("packets.auth.sent"),
    PACKETS_MALFORMED("packets.malformed"),

    MESSAGES_RECEIVED("messages.received"),
    MESSAGES_SENT("messages.sent"),
    MESSAGES_QOS0_RECEIVED("messages.qos0.received"),
    MESSAGES_QOS0_SENT("messages.qos0.sent"),
    MESSAGES_QOS1_RECEIVED("messages.qos1.received"),
    MESSAGES_QOS1_SENT("messages.qos1.sent"),
    MESSAGES_QOS2_RECEIVED("messages.qos2.received"),
    MESSAGES_QOS2_SENT("messages.qos2.sent"),
    MESSAGES_PUBLISH("messages.publish"),
    MESSAGES_RETAINED("messages.retained"),
    MESSAGES_DELIVERED("messages.delivered"),
    MESSAGES_ACKED("messages.acked"),
    MESSAGES_DROPPED("messages.dropped"),
    MESSAGES_DROPPED_NO_SUBSCRIBERS("messages.dropped.no_subscribers"),
    MESSAGES_DROPPED_EXPIRED("messages.dropped.expired"),
    MESSAGES_DROPPED_ACL_DENIED("messages.dropped.acl_denied"),
    MESSAGES_DROPPED_WILL_DENIED("messages.dropped.will_denied"),
    MESSAGES_DROPPED_HOOK_STOPPED("messages.dropped.hook_stopped"),
    MESSAGES_DROPPED_AWAITING_REL_FULL("messages.dropped.awaiting_rel_full"),
    DELIVERY_DROPPED("delivery.dropped"),
    DELIVERY_DROPPED_NO_LOCAL("delivery.dropped.no_local"),
    DELIVERY_DROPPED_TOO_LARGE("delivery.dropped.too_large"),
    DELIVERY_DROPPED_QOS0_MSG("delivery.dropped.qos0_msg"),
    DELIVERY_DROPPED_QUEUE_FULL("delivery.dropped.queue_full"),
    DELIVERY_DROPPED_EXPIRED("delivery.dropped.expired"),
    DELIVERY_DROPPED_SESSION_CLOSED("delivery.dropped.session_closed"),

    CLIENT_CONNECT("client.connect"),
    CLIENT_CONNACK("client.connack"),
    CLIENT_CONNECTED("client.connected"),
    CLIENT_AUTHENTICATE("client.authenticate"),
    CLIENT_AUTH_ANONYMOUS("client.auth.anonymous"),
    CLIENT_CHECK_ACL("client.check_acl"),
    CLIENT_ACL_DENIED("client.acl.deny"),
    CLIENT_SUBSCRIBE("client.subscribe"),
    CLIENT_UNSUBSCRIBE("client.unsubscribe"),
    CLIENT_DISCONNECTED("client.disconnected"),

    SESSION_CREATED("session.created"),
    SESSION_RESUMED("session.resumed"),
    SESSION_TAKEOVERED("session.takeovered"),
    SESSION_DISCARDED("session.discarded"),
    SESSION_TERMINATED("session.terminated"),

    HOOK_ERRORS("hooks.errors"),
    HOOK_TIMEOUTS("hooks.timeouts");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    /** The EMQX-style name, e.g. {@code messages.received}. */
    public String label() {
        return label;
    }
}
