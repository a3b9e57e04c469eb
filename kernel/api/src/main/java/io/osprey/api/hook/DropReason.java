package io.osprey.api.hook;

/** Why a message was not delivered. {@link #label()} is the name used in metrics ({@code messages.dropped.<label>}). */
public enum DropReason {
    /** No subscriber matched the topic. */
    NO_SUBSCRIBERS("no_subscribers"),
    /** The subscriber's offline/pending queue was full ({@code max_mqueue_len}). */
    QUEUE_FULL("queue_full"),
    /** The message expired before it could be delivered. */
    EXPIRED("expired"),
    /** The publisher was not allowed to publish to the topic. */
    ACL_DENIED("acl_denied"),
    /** The packet would exceed the subscriber's Maximum Packet Size. */
    TOO_LARGE("too_large"),
    /** QoS 0 message for an offline session while {@code mqueue_store_qos0} is off. */
    QOS0_OFFLINE("qos0_offline"),
    /** A {@code message.publish} hook stopped the message. */
    HOOK_STOPPED("hook_stopped"),
    /** Publisher exceeded {@code max_awaiting_rel} or the QoS 2 receive window. */
    AWAITING_REL_FULL("awaiting_rel_full"),
    /** The subscriber's session ended while the message was queued or in flight. */
    SESSION_CLOSED("session_closed");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
