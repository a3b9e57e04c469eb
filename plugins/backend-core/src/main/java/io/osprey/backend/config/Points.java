package io.osprey.backend.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hook points rules may name (EMQX's names), the built-in functions each one offers, and the placeholders its
 * raw statements or commands may use. Every backend offers the same functions.
 */
public final class Points {

    public static final String CLIENT_CONNECTED = "client.connected";
    public static final String CLIENT_DISCONNECTED = "client.disconnected";
    public static final String SESSION_CREATED = "session.created";
    public static final String SESSION_SUBSCRIBED = "session.subscribed";
    public static final String SESSION_UNSUBSCRIBED = "session.unsubscribed";
    public static final String MESSAGE_PUBLISH = "message.publish";
    public static final String MESSAGE_DELIVERED = "message.delivered";
    public static final String MESSAGE_ACKED = "message.acked";

    public static final String ON_CLIENT_CONNECTED = "on_client_connected";
    public static final String ON_CLIENT_DISCONNECTED = "on_client_disconnected";
    public static final String ON_SUBSCRIBE_LOOKUP = "on_subscribe_lookup";
    public static final String ON_MESSAGE_FETCH = "on_message_fetch";
    public static final String ON_RETAIN_LOOKUP = "on_retain_lookup";
    public static final String ON_MESSAGE_PUBLISH = "on_message_publish";
    public static final String ON_MESSAGE_RETAIN = "on_message_retain";
    public static final String ON_RETAIN_DELETE = "on_retain_delete";
    public static final String ON_MESSAGE_ACKED = "on_message_acked";

    private static final Set<String> CLIENT = Set.of("clientid", "username", "peerhost", "node");
    private static final Set<String> MESSAGE = Set.of("clientid", "username", "peerhost", "node", "topic", "qos",
            "payload", "msgid", "retain", "timestamp", "sender");

    /** EMQX Redis backend's names for the pub/sub flavour of fetch and ack: the same functions here. */
    private static final Map<String, String> ALIASES = Map.of(
            "on_message_fetch_for_pubsub", ON_MESSAGE_FETCH,
            "on_message_acked_for_pubsub", ON_MESSAGE_ACKED);

    /** Functions by point. */
    public static final Map<String, List<String>> FUNCTIONS = Map.of(
            CLIENT_CONNECTED, List.of(ON_CLIENT_CONNECTED, ON_SUBSCRIBE_LOOKUP),
            CLIENT_DISCONNECTED, List.of(ON_CLIENT_DISCONNECTED),
            SESSION_CREATED, List.of(ON_SUBSCRIBE_LOOKUP),
            SESSION_SUBSCRIBED, List.of(ON_MESSAGE_FETCH, ON_RETAIN_LOOKUP),
            SESSION_UNSUBSCRIBED, List.of(),
            MESSAGE_PUBLISH, List.of(ON_MESSAGE_PUBLISH, ON_MESSAGE_RETAIN, ON_RETAIN_DELETE),
            MESSAGE_DELIVERED, List.of(),
            MESSAGE_ACKED, List.of(ON_MESSAGE_ACKED));

    /** Placeholders by point. */
    public static final Map<String, Set<String>> VARS = Map.of(
            CLIENT_CONNECTED, CLIENT,
            CLIENT_DISCONNECTED, Set.of("clientid", "username", "peerhost", "node", "reason"),
            SESSION_CREATED, CLIENT,
            SESSION_SUBSCRIBED, Set.of("clientid", "username", "peerhost", "node", "topic", "qos"),
            SESSION_UNSUBSCRIBED, Set.of("clientid", "username", "peerhost", "node", "topic"),
            MESSAGE_PUBLISH, MESSAGE,
            MESSAGE_DELIVERED, MESSAGE,
            MESSAGE_ACKED, MESSAGE);

    /** Placeholders of auth_query, super_query and acl_query. */
    public static final Set<String> AUTH_VARS = Set.of("clientid", "username", "peerhost", "certcn");

    /** Points that carry a topic (or a subscription's filter), so that a rule's {@code "topic"} applies. */
    public static final Set<String> WITH_TOPIC = Set.of(SESSION_SUBSCRIBED, SESSION_UNSUBSCRIBED, MESSAGE_PUBLISH,
            MESSAGE_DELIVERED, MESSAGE_ACKED);

    private Points() {
    }

    /** A function's name, with EMQX's aliases resolved. */
    static String canonical(String function) {
        return ALIASES.getOrDefault(function, function);
    }
}
