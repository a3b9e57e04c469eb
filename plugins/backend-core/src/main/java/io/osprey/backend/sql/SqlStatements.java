package io.osprey.backend.sql;

/**
 * The statements behind the built-in functions, on EMQX's backend tables (mqtt_client, mqtt_sub, mqtt_msg,
 * mqtt_retain, mqtt_acked), in one database's dialect. Parameters are listed in bind order.
 */
public interface SqlStatements {

    /** on_client_connected: clientid, node, online_at; an upsert (state 1, offline_at null). */
    String clientConnected();

    /** on_client_disconnected: offline_at, clientid. */
    default String clientDisconnected() {
        return "update mqtt_client set state = '0', offline_at = ? where clientid = ?";
    }

    /** on_subscribe_lookup: clientid. */
    default String subscriptions() {
        return "select topic, qos from mqtt_sub where clientid = ?";
    }

    /** on_message_publish: msgid, topic, sender, node, qos, retain, payload, arrived. */
    default String storeMessage() {
        return "insert into mqtt_msg(msgid, topic, sender, node, qos, retain, payload, arrived) "
                + "values(?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** on_message_retain: topic, msgid, sender, node, qos, payload, arrived; an upsert on topic. */
    String storeRetained();

    /** on_retain_delete: topic. */
    default String deleteRetained() {
        return "delete from mqtt_retain where topic = ?";
    }

    /** on_retain_lookup, a topic without wildcards: topic. Columns: topic, msgid, sender, qos, payload. */
    default String retainedExact() {
        return "select topic, msgid, sender, qos, payload from mqtt_retain where topic = ?";
    }

    /** on_retain_lookup, a filter with wildcards: a LIKE prefix (the filter then decides). */
    default String retainedLike() {
        return "select topic, msgid, sender, qos, payload from mqtt_retain where topic like ?";
    }

    /** on_message_fetch: the client's read position on a subscription: clientid, topic (filter). */
    default String readPosition() {
        return "select mid from mqtt_acked where clientid = ? and topic = ?";
    }

    /** on_message_fetch, first subscription: clientid, topic (filter), created; nothing when the row exists. */
    String newPosition();

    /** on_message_acked: msgid, clientid, topic (filter). The position only moves forward. */
    default String acked() {
        return "update mqtt_acked set mid = greatest(coalesce(mid, 0), "
                + "coalesce((select max(id) from mqtt_msg where msgid = ?), 0)) where clientid = ? and topic = ?";
    }

    /** A fetched message delivered at QoS 0 (no acknowledgement will come): id, clientid, topic (filter). */
    default String ackedId() {
        return "update mqtt_acked set mid = greatest(coalesce(mid, 0), ?) where clientid = ? and topic = ?";
    }

    /**
     * on_message_fetch: the newest stored messages after the read position, newest first. Columns: id, msgid, topic,
     * sender, qos, payload.
     *
     * @param exact     the filter has no wildcards (topic = ?), else a LIKE prefix
     * @param timeRange only messages arrived at or after a bound (arrived &gt;= ?)
     * @param limit     a LIMIT parameter
     */
    default String fetch(boolean exact, boolean timeRange, boolean limit) {
        return "select id, msgid, topic, sender, qos, payload from mqtt_msg where id > ? and "
                + (exact ? "topic = ?" : "topic like ?") + (timeRange ? " and arrived >= ?" : "")
                + " order by id desc" + (limit ? " limit ?" : "");
    }
}
