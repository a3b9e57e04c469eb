package io.osprey.bridge.core;

import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.ClientDisconnected;
import io.osprey.api.hook.MessageAcked;
import io.osprey.api.hook.MessageDelivered;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.PublishResult;
import io.osprey.api.hook.SessionSubscribed;
import io.osprey.api.hook.SessionUnsubscribed;
import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.event.HookPoint;

/**
 * The hooks of a bridge whose rules name hook points ({@code hook.<point>.<n>}): each one returns at once when no rule
 * names its point, and otherwise copies the event and hands it to the {@link BridgeEngine}; none of them waits, and
 * only {@code message.publish} in sync mode returns a stage that completes later (when the remote side answered).
 * A bridge plugin registers a subclass as a Declarative Services component providing the hook interfaces.
 */
public class EventHooks implements ClientConnected, ClientDisconnected, SessionSubscribed, SessionUnsubscribed,
        MessagePublish, MessageDelivered, MessageAcked {

    private final BridgeEngine<?, ?> bridge;

    public EventHooks(BridgeEngine<?, ?> bridge) {
        this.bridge = bridge;
    }

    @Override
    public void onConnected(ClientInfo client) {
        if (bridge.listens(HookPoint.CLIENT_CONNECTED)) {
            bridge.event(BridgeEvent.connected(client));
        }
    }

    @Override
    public void onDisconnected(ClientInfo client, String reason) {
        if (bridge.listens(HookPoint.CLIENT_DISCONNECTED)) {
            bridge.event(BridgeEvent.disconnected(client, reason));
        }
    }

    @Override
    public void onSessionSubscribed(ClientInfo client, Subscription subscription) {
        if (bridge.listens(HookPoint.SESSION_SUBSCRIBED)) {
            bridge.event(BridgeEvent.subscribed(client, subscription));
        }
    }

    @Override
    public void onSessionUnsubscribed(ClientInfo client, String topicFilter) {
        if (bridge.listens(HookPoint.SESSION_UNSUBSCRIBED)) {
            bridge.event(BridgeEvent.unsubscribed(client, topicFilter));
        }
    }

    @Override
    public CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message) {
        return bridge.publish(publisher, message);
    }

    @Override
    public Message onDelivered(ClientInfo subscriber, Message message) {
        if (bridge.listens(HookPoint.MESSAGE_DELIVERED)) {
            bridge.event(BridgeEvent.delivered(subscriber, message));
        }
        return message;
    }

    @Override
    public void onAcked(ClientInfo subscriber, Message message) {
        if (bridge.listens(HookPoint.MESSAGE_ACKED)) {
            bridge.event(BridgeEvent.acked(subscriber, message));
        }
    }
}
