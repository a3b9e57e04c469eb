package io.osprey.plugin.webhook;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.api.UserProperty;
import io.osprey.api.hook.ClientConnack;
import io.osprey.api.hook.ClientConnect;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.ClientDisconnected;
import io.osprey.api.hook.ClientSubscribe;
import io.osprey.api.hook.ClientUnsubscribe;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.api.hook.ConnectResult;
import io.osprey.api.hook.MessageAcked;
import io.osprey.api.hook.MessageDelivered;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.PublishResult;
import io.osprey.api.hook.SessionSubscribed;
import io.osprey.api.hook.SessionTerminated;
import io.osprey.api.hook.SessionUnsubscribed;
import io.osprey.api.hook.SubscribeRequest;
import io.osprey.api.hook.UnsubscribeRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The twelve hook points the web hook observes. Each hook only checks the rules, copies what the event needs and
 * hands it to the {@link Delivery}: no JSON, no I/O, no lock, on the client's I/O thread. Nothing is ever changed:
 * {@code message.publish} continues at once and {@code message.delivered} returns the message as it came.
 * <p>
 * Ranking {@value #RANKING}: after every other plugin, so the events say what really happened (a message as the
 * other hooks left it; a connection another hook refused is not reported as connecting).
 */
@Component(service = {ClientConnect.class, ClientConnack.class, ClientConnected.class, ClientDisconnected.class,
        ClientSubscribe.class, ClientUnsubscribe.class, SessionSubscribed.class, SessionUnsubscribed.class,
        SessionTerminated.class, MessagePublish.class, MessageDelivered.class, MessageAcked.class},
        property = "service.ranking:Integer=" + WebhookHooks.RANKING)
public final class WebhookHooks implements ClientConnect, ClientConnack, ClientConnected, ClientDisconnected,
        ClientSubscribe, ClientUnsubscribe, SessionSubscribed, SessionUnsubscribed, SessionTerminated,
        MessagePublish, MessageDelivered, MessageAcked {

    static final int RANKING = -1000;

    private final Webhook webhook;

    @Activate
    public WebhookHooks(@Reference Webhook webhook) {
        this.webhook = webhook;
    }

    @Override
    public CompletionStage<ConnectResult> onConnect(ConnectRequest request) {
        if (webhook.rules().on(EventType.CLIENT_CONNECT)) {
            webhook.post(ClientEvent.of(EventType.CLIENT_CONNECT, request.client(), null));
        }
        return ConnectResult.proceed();
    }

    @Override
    public void onConnack(ClientInfo client, int reasonCode, List<UserProperty> userProperties) {
        if (webhook.rules().on(EventType.CLIENT_CONNACK)) {
            webhook.post(ClientEvent.of(EventType.CLIENT_CONNACK, client,
                    ConnackNames.of(reasonCode, client.protocolVersion())));
        }
    }

    @Override
    public void onConnected(ClientInfo client) {
        if (webhook.rules().on(EventType.CLIENT_CONNECTED)) {
            webhook.post(ClientEvent.of(EventType.CLIENT_CONNECTED, client, null));
        }
    }

    @Override
    public void onDisconnected(ClientInfo client, String reason) {
        if (webhook.rules().on(EventType.CLIENT_DISCONNECTED)) {
            webhook.post(new ReasonEvent(EventType.CLIENT_DISCONNECTED, client.clientId(), client.username(), reason,
                    System.currentTimeMillis()));
        }
    }

    @Override
    public void onSubscribe(ClientInfo client, List<SubscribeRequest> requests) {
        Rules rules = webhook.rules();
        if (rules.on(EventType.CLIENT_SUBSCRIBE)) {
            for (SubscribeRequest r : requests) {
                if (!r.isRejected() && rules.matches(EventType.CLIENT_SUBSCRIBE, r.topicFilter())) {
                    webhook.post(new TopicEvent(EventType.CLIENT_SUBSCRIBE, client.clientId(), client.username(),
                            r.topicFilter(), r.options()));
                }
            }
        }
    }

    @Override
    public void onUnsubscribe(ClientInfo client, List<UnsubscribeRequest> requests) {
        Rules rules = webhook.rules();
        if (rules.on(EventType.CLIENT_UNSUBSCRIBE)) {
            for (UnsubscribeRequest r : requests) {
                if (r.topicFilter() != null && rules.matches(EventType.CLIENT_UNSUBSCRIBE, r.topicFilter())) {
                    webhook.post(new TopicEvent(EventType.CLIENT_UNSUBSCRIBE, client.clientId(), client.username(),
                            r.topicFilter(), null));
                }
            }
        }
    }

    @Override
    public void onSessionSubscribed(ClientInfo client, Subscription subscription) {
        if (webhook.rules().matches(EventType.SESSION_SUBSCRIBED, subscription.topicFilter())) {
            webhook.post(new TopicEvent(EventType.SESSION_SUBSCRIBED, subscription.clientId(), client.username(),
                    subscription.topicFilter(), subscription.options()));
        }
    }

    @Override
    public void onSessionUnsubscribed(ClientInfo client, String topicFilter) {
        if (webhook.rules().matches(EventType.SESSION_UNSUBSCRIBED, topicFilter)) {
            webhook.post(new TopicEvent(EventType.SESSION_UNSUBSCRIBED, client.clientId(), client.username(),
                    topicFilter, null));
        }
    }

    @Override
    public void onSessionTerminated(ClientInfo client, String reason) {
        if (client != null && webhook.rules().on(EventType.SESSION_TERMINATED)) {
            webhook.post(new ReasonEvent(EventType.SESSION_TERMINATED, client.clientId(), client.username(), reason,
                    0));
        }
    }

    @Override
    public CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message) {
        if (!isSys(message) && webhook.rules().matches(EventType.MESSAGE_PUBLISH, message.topic())) {
            webhook.post(new MessageEvent(EventType.MESSAGE_PUBLISH, null, null, message));
        }
        return PublishResult.proceed();
    }

    @Override
    public Message onDelivered(ClientInfo subscriber, Message message) {
        if (!isSys(message) && webhook.rules().matches(EventType.MESSAGE_DELIVERED, message.topic())) {
            webhook.post(new MessageEvent(EventType.MESSAGE_DELIVERED, subscriber.clientId(), subscriber.username(),
                    message));
        }
        return message;
    }

    @Override
    public void onAcked(ClientInfo subscriber, Message message) {
        if (!isSys(message) && webhook.rules().matches(EventType.MESSAGE_ACKED, message.topic())) {
            webhook.post(new MessageEvent(EventType.MESSAGE_ACKED, subscriber.clientId(), subscriber.username(),
                    message));
        }
    }

    /** {@code $SYS/...} messages are never posted. */
    private static boolean isSys(Message m) {
        return m.topic().startsWith("$SYS/");
    }
}
