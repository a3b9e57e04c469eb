package io.osprey.plugin.webhook;

/**
 * The events the web hook can post, one per EMQX hook point, with the names EMQX 4.x uses: the rule key
 * ({@code rule.client.connect.1}), the rule's {@code action} ({@code on_client_connect}) and the body's
 * {@code action} ({@code client_connect}).
 */
enum EventType {
    CLIENT_CONNECT("client.connect", false),
    CLIENT_CONNACK("client.connack", false),
    CLIENT_CONNECTED("client.connected", false),
    CLIENT_DISCONNECTED("client.disconnected", false),
    CLIENT_SUBSCRIBE("client.subscribe", true),
    CLIENT_UNSUBSCRIBE("client.unsubscribe", true),
    SESSION_SUBSCRIBED("session.subscribed", true),
    SESSION_UNSUBSCRIBED("session.unsubscribed", true),
    SESSION_TERMINATED("session.terminated", false),
    MESSAGE_PUBLISH("message.publish", true),
    MESSAGE_DELIVERED("message.delivered", true),
    MESSAGE_ACKED("message.acked", true);

    private final String hook;
    private final String action;
    private final boolean hasTopic;

    EventType(String hook, boolean hasTopic) {
        this.hook = hook;
        this.action = hook.replace('.', '_');
        this.hasTopic = hasTopic;
    }

    /** The hook point, as in the rule key: {@code client.connect}. */
    String hook() {
        return hook;
    }

    /** The {@code action} field of the posted body: {@code client_connect}. */
    String action() {
        return action;
    }

    /** The {@code action} a rule names: {@code on_client_connect}. */
    String ruleAction() {
        return "on_" + action;
    }

    /** Whether the event has a topic (or topic filter) that a rule's {@code topic} can select on. */
    boolean hasTopic() {
        return hasTopic;
    }

    /** The type whose rule key is {@code hook}, or {@code null}. */
    static EventType ofHook(String hook) {
        for (EventType t : values()) {
            if (t.hook.equals(hook)) {
                return t;
            }
        }
        return null;
    }
}
