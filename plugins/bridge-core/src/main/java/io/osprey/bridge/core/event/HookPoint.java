package io.osprey.bridge.core.event;

import java.util.Locale;

/**
 * The hook points a rule can bridge, named as EMQX's bridges name them in their configuration keys
 * ({@code hook.message.publish.1 = {...}}). Points about clients carry no topic, so their rules take no filter.
 */
public enum HookPoint {
    CLIENT_CONNECTED("client.connected", false),
    CLIENT_DISCONNECTED("client.disconnected", false),
    SESSION_SUBSCRIBED("session.subscribed", true),
    SESSION_UNSUBSCRIBED("session.unsubscribed", true),
    MESSAGE_PUBLISH("message.publish", true),
    MESSAGE_DELIVERED("message.delivered", true),
    MESSAGE_ACKED("message.acked", true);

    private final String key;
    private final boolean filtered;

    HookPoint(String key, boolean filtered) {
        this.key = key;
        this.filtered = filtered;
    }

    /** The point as written in configuration keys, e.g. {@code message.publish}. */
    public String key() {
        return key;
    }

    /** The prefix of this point's rules in the configuration, e.g. {@code hook.message.publish.}. */
    public String configPrefix() {
        return "hook." + key + ".";
    }

    /** {@code true} when events of this point have a topic that a rule's {@code filter} is matched against. */
    public boolean filtered() {
        return filtered;
    }

    /** The event name used in record values and logs, e.g. {@code message_publish}. */
    public String eventName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
