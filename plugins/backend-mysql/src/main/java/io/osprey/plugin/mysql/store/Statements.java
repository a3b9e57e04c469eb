package io.osprey.plugin.mysql.store;

/** The statements behind the built-in functions, on EMQX's backend tables (etc/sql/backend-mysql.sql). */
final class Statements {

    /** on_client_connected: clientid, node, online_at. */
    static final String CLIENT_CONNECTED = "insert into mqtt_client(clientid, state, node, online_at, offline_at) "
            + "values(?, '1', ?, ?, null) on duplicate key update state = '1', node = values(node), "
            + "online_at = values(online_at), offline_at = null";

    /** on_client_disconnected: offline_at, clientid. */
    static final String CLIENT_DISCONNECTED = "update mqtt_client set state = '0', offline_at = ? where clientid = ?";

    /** on_subscribe_lookup: clientid. */
    static final String SUBSCRIPTIONS = "select topic, qos from mqtt_sub where clientid = ?";

    /** on_message_publish: msgid, topic, sender, node, qos, retain, payload, arrived. */
    static final String STORE_MESSAGE = "insert into mqtt_msg(msgid, topic, sender, node, qos, retain, payload, arrived) "
            + "values(?, ?, ?, ?, ?, ?, ?, ?)";

    /** on_message_retain: topic, msgid, sender, node, qos, payload, arrived. */
    static final String STORE_RETAINED = "insert into mqtt_retain(topic, msgid, sender, node, qos, payload, arrived) "
            + "values(?, ?, ?, ?, ?, ?, ?) on duplicate key update msgid = values(msgid), sender = values(sender), "
            + "node = values(node), qos = values(qos), payload = values(payload), arrived = values(arrived)";

    /** on_retain_delete: topic. */
    static final String DELETE_RETAINED = "delete from mqtt_retain where topic = ?";

    /** on_retain_lookup, a topic without wildcards: topic. */
    static final String RETAINED_EXACT = "select topic, msgid, sender, qos, payload from mqtt_retain where topic = ?";

    /** on_retain_lookup, a filter with wildcards: a LIKE prefix (the filter then decides). */
    static final String RETAINED_LIKE = "select topic, msgid, sender, qos, payload from mqtt_retain where topic like ?";

    /** on_message_fetch: the client's read position on a subscription: clientid, topic (filter). */
    static final String READ_POSITION = "select mid from mqtt_acked where clientid = ? and topic = ?";

    /** on_message_fetch, first subscription: clientid, topic (filter). */
    static final String NEW_POSITION = "insert ignore into mqtt_acked(clientid, topic, mid, created) values(?, ?, 0, ?)";

    /** on_message_acked: msgid, clientid, topic (filter). The position only moves forward. */
    static final String ACKED = "update mqtt_acked set mid = greatest(coalesce(mid, 0), "
            + "coalesce((select max(id) from mqtt_msg where msgid = ?), 0)) where clientid = ? and topic = ?";

    /** A fetched message delivered at QoS 0 (no acknowledgement will come): id, clientid, topic (filter). */
    static final String ACKED_ID = "update mqtt_acked set mid = greatest(coalesce(mid, 0), ?) "
            + "where clientid = ? and topic = ?";

    private Statements() {
    }

    /**
     * on_message_fetch: the newest stored messages after the read position, newest first.
     *
     * @param exact     the filter has no wildcards (topic = ?), else a LIKE prefix
     * @param timeRange only messages arrived at or after a bound (arrived &gt;= ?)
     * @param limit     a LIMIT parameter
     */
    static String fetch(boolean exact, boolean timeRange, boolean limit) {
        return "select id, msgid, topic, sender, qos, payload from mqtt_msg where id > ? and "
                + (exact ? "topic = ?" : "topic like ?") + (timeRange ? " and arrived >= ?" : "")
                + " order by id desc" + (limit ? " limit ?" : "");
    }
}
