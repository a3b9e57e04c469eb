package io.osprey.bridge.core.event;

import java.util.List;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.MessageProperties;
import io.osprey.api.Subscription;
import io.osprey.api.UserProperty;
import io.osprey.bridge.core.event.HookPoint;

/**
 * One hook event, copied out of the broker's objects on the hook's thread (a {@link ClientInfo} must not be kept after
 * the hook returns). Rules are matched against it and records are made from it; fields a point does not have are
 * {@code null} or 0.
 *
 * @param clientId   the client the event is about: the publisher for {@code message.publish}, the subscriber for
 *                   {@code message.delivered} and {@code message.acked}
 * @param topic      the message topic, or the subscription's filter for session events
 * @param from       the publisher's client id, for {@code message.delivered} and {@code message.acked}
 * @param ts         milliseconds since the epoch: when the message was received, or when the event happened
 * @param properties the message's MQTT 5 properties (a bridge to another MQTT broker passes them on), or
 *                   {@link MessageProperties#NONE}
 */
public record BridgeEvent(HookPoint point, String clientId, String username, String peerHost, int keepAlive,
                          int protocolVersion, long connectedAt, String reason, String topic, int qos,
                          boolean retain, byte[] payload, String from, List<UserProperty> userProperties, long ts,
                          MessageProperties properties) {

    /** An event without message properties. */
    public BridgeEvent(HookPoint point, String clientId, String username, String peerHost, int keepAlive,
                       int protocolVersion, long connectedAt, String reason, String topic, int qos, boolean retain,
                       byte[] payload, String from, List<UserProperty> userProperties, long ts) {
        this(point, clientId, username, peerHost, keepAlive, protocolVersion, connectedAt, reason, topic, qos, retain,
                payload, from, userProperties, ts, MessageProperties.NONE);
    }

    public static BridgeEvent connected(ClientInfo c) {
        long at = c.connectedAt() != 0 ? c.connectedAt() : System.currentTimeMillis();
        return new BridgeEvent(HookPoint.CLIENT_CONNECTED, c.clientId(), c.username(), c.peerHost(), c.keepAlive(),
                c.protocolVersion(), at, null, null, 0, false, null, null, List.of(), System.currentTimeMillis());
    }

    public static BridgeEvent disconnected(ClientInfo c, String reason) {
        return new BridgeEvent(HookPoint.CLIENT_DISCONNECTED, c.clientId(), c.username(), c.peerHost(), 0,
                c.protocolVersion(), c.connectedAt(), reason, null, 0, false, null, null, List.of(),
                System.currentTimeMillis());
    }

    public static BridgeEvent subscribed(ClientInfo c, Subscription s) {
        return new BridgeEvent(HookPoint.SESSION_SUBSCRIBED, c.clientId(), c.username(), null, 0, 0, 0, null,
                s.topicFilter(), s.options().qos(), false, null, null, List.of(), System.currentTimeMillis());
    }

    public static BridgeEvent unsubscribed(ClientInfo c, String filter) {
        return new BridgeEvent(HookPoint.SESSION_UNSUBSCRIBED, c.clientId(), c.username(), null, 0, 0, 0, null,
                filter, 0, false, null, null, List.of(), System.currentTimeMillis());
    }

    /** @param publisher the publishing client, or {@code null} for a message of the broker, the API or a plugin */
    public static BridgeEvent published(ClientInfo publisher, Message m) {
        String clientId = publisher != null ? publisher.clientId() : m.fromClientId();
        String username = publisher != null ? publisher.username() : m.fromUsername();
        return new BridgeEvent(HookPoint.MESSAGE_PUBLISH, clientId, username, null, 0, 0, 0, null, m.topic(),
                m.qos(), m.retain(), m.payload(), null, m.properties().userProperties(), m.timestamp(),
                m.properties());
    }

    public static BridgeEvent delivered(ClientInfo subscriber, Message m) {
        return toSubscriber(HookPoint.MESSAGE_DELIVERED, subscriber, m);
    }

    public static BridgeEvent acked(ClientInfo subscriber, Message m) {
        return toSubscriber(HookPoint.MESSAGE_ACKED, subscriber, m);
    }

    private static BridgeEvent toSubscriber(HookPoint point, ClientInfo subscriber, Message m) {
        return new BridgeEvent(point, subscriber.clientId(), subscriber.username(), null, 0, 0, 0, null, m.topic(),
                m.qos(), m.retain(), m.payload(), m.fromClientId(), m.properties().userProperties(),
                System.currentTimeMillis(), m.properties());
    }
}
