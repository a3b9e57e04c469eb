package io.osprey.broker.it;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.api.UserProperty;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.AuthResult;
import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.api.hook.ClientConnack;
import io.osprey.api.hook.ClientConnect;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.ClientDisconnected;
import io.osprey.api.hook.ClientSubscribe;
import io.osprey.api.hook.ClientUnsubscribe;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.api.hook.ConnectResult;
import io.osprey.api.hook.DropReason;
import io.osprey.api.hook.MessageAcked;
import io.osprey.api.hook.MessageDelivered;
import io.osprey.api.hook.MessageDropped;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.PublishResult;
import io.osprey.api.hook.SessionCreated;
import io.osprey.api.hook.SessionDiscarded;
import io.osprey.api.hook.SessionResumed;
import io.osprey.api.hook.SessionSubscribed;
import io.osprey.api.hook.SessionTakenOver;
import io.osprey.api.hook.SessionTerminated;
import io.osprey.api.hook.SessionUnsubscribed;
import io.osprey.api.hook.SubscribeRequest;
import io.osprey.api.hook.UnsubscribeRequest;

/** A hook at every point that records what it saw as short lines, e.g. {@code client.connected c1}. */
class Recorder implements ClientConnect, ClientAuthenticate, ClientConnack, ClientConnected, ClientDisconnected,
        ClientCheckAcl, ClientSubscribe, ClientUnsubscribe, SessionCreated, SessionResumed, SessionSubscribed,
        SessionUnsubscribed, SessionDiscarded, SessionTakenOver, SessionTerminated, MessagePublish,
        MessageDelivered, MessageAcked, MessageDropped {

    final List<String> events = new CopyOnWriteArrayList<>();

    List<String> of(String clientId) {
        return events.stream().filter(e -> e.contains(" " + clientId)).toList();
    }

    @Override
    public CompletionStage<ConnectResult> onConnect(ConnectRequest request) {
        events.add("client.connect " + request.client().clientId());
        return ConnectResult.proceed();
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
        events.add("client.authenticate " + request.client().clientId() + " " + request.client().username());
        return AuthResult.ignore();
    }

    @Override
    public void onConnack(ClientInfo client, int reasonCode, List<UserProperty> userProperties) {
        events.add("client.connack " + client.clientId() + " " + reasonCode);
        userProperties.add(new UserProperty("recorded", "yes"));
    }

    @Override
    public void onConnected(ClientInfo client) {
        events.add("client.connected " + client.clientId() + " v" + client.protocolVersion());
    }

    @Override
    public void onDisconnected(ClientInfo client, String reason) {
        events.add("client.disconnected " + client.clientId() + " " + reason);
    }

    @Override
    public CompletionStage<AclResult> checkAcl(ClientInfo client, AclAction action, String topic) {
        events.add("client.check_acl " + client.clientId() + " " + action.label() + " " + topic);
        return AclResult.IGNORE.stage();
    }

    @Override
    public void onSubscribe(ClientInfo client, List<SubscribeRequest> requests) {
        requests.forEach(r -> events.add("client.subscribe " + client.clientId() + " " + r.topicFilter()));
    }

    @Override
    public void onUnsubscribe(ClientInfo client, List<UnsubscribeRequest> requests) {
        requests.forEach(r -> events.add("client.unsubscribe " + client.clientId() + " " + r.topicFilter()));
    }

    @Override
    public void onSessionCreated(ClientInfo client) {
        events.add("session.created " + client.clientId());
    }

    @Override
    public void onSessionResumed(ClientInfo client) {
        events.add("session.resumed " + client.clientId());
    }

    @Override
    public void onSessionSubscribed(ClientInfo client, Subscription subscription) {
        events.add("session.subscribed " + client.clientId() + " " + subscription.topicFilter() + " q"
                + subscription.options().qos());
    }

    @Override
    public void onSessionUnsubscribed(ClientInfo client, String topicFilter) {
        events.add("session.unsubscribed " + client.clientId() + " " + topicFilter);
    }

    @Override
    public void onSessionDiscarded(ClientInfo client) {
        events.add("session.discarded " + client.clientId());
    }

    @Override
    public void onSessionTakenOver(ClientInfo previous) {
        events.add("session.takenover " + previous.clientId());
    }

    @Override
    public void onSessionTerminated(ClientInfo client, String reason) {
        events.add("session.terminated " + client.clientId() + " " + reason);
    }

    @Override
    public CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message) {
        events.add("message.publish " + (publisher == null ? "-" : publisher.clientId()) + " " + message.topic());
        return PublishResult.proceed();
    }

    @Override
    public Message onDelivered(ClientInfo subscriber, Message message) {
        events.add("message.delivered " + subscriber.clientId() + " " + message.topic());
        return message;
    }

    @Override
    public void onAcked(ClientInfo subscriber, Message message) {
        events.add("message.acked " + subscriber.clientId() + " " + message.topic());
    }

    @Override
    public void onDropped(Message message, DropReason reason, ClientInfo client) {
        events.add("message.dropped " + (client == null ? "-" : client.clientId()) + " " + message.topic() + " "
                + reason.label());
    }
}
