package io.osprey.plugin.redis;

/**
 * The key layout, EMQX Enterprise's Redis backend's where it has one. Every key is a fixed prefix and one whole value
 * (a client id, a topic, a message id), so no value can make a key another value's: {@code mqtt:msg:<msgid>} has 16
 * hex digits after the prefix, which {@code mqtt:msg:topic:…} and {@code mqtt:msg:topics} never do; the retained index
 * {@code mqtt:retained} does not start with {@code mqtt:retain:}.
 */
final class Keys {

    /** HASH state (1 online, 0 offline), node, online_at, offline_at (epoch ms). */
    static final String CLIENT = "mqtt:client:";
    /** HASH topic filter → qos: the subscriptions on_subscribe_lookup restores. */
    static final String SUB = "mqtt:sub:";
    /** HASH of a stored message: id, topic, from, qos, retain, payload, ts, node; expires after msg.expired_after. */
    static final String MSG = "mqtt:msg:";
    /** ZSET per topic: score the message's timestamp (ms), member its msgid (16 hex digits, increasing per node). */
    static final String MSG_TOPIC = "mqtt:msg:topic:";
    /** ZSET of topics with stored messages, score the last publish: what a wildcard fetch looks through. */
    static final String MSG_TOPICS = "mqtt:msg:topics";
    /** HASH of a retained message: msgid, sender, qos, payload, ts, node. */
    static final String RETAIN = "mqtt:retain:";
    /** SET of topics with a retained message: what a wildcard on_retain_lookup looks through. */
    static final String RETAINED = "mqtt:retained";
    /** HASH subscription filter → read position {@code <ts, 15 digits>:<msgid>} of one client. */
    static final String ACKED = "mqtt:acked:";

    private Keys() {
    }
}
