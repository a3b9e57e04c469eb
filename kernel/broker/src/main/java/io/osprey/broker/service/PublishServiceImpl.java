package io.osprey.broker.service;

import java.util.concurrent.CompletionStage;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.service.PublishService;
import io.osprey.broker.Broker;
import io.osprey.broker.router.Topics;
import io.osprey.broker.session.Session;

/** {@link PublishService}: messages from plugins and the API, through the {@code message.publish} hooks. */
public final class PublishServiceImpl implements PublishService {

    private final Broker broker;

    public PublishServiceImpl(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Integer> publish(Message message) {
        if (!Topics.isValidName(message.topic())) {
            throw new IllegalArgumentException("invalid topic name: " + message.topic());
        }
        Message m = message.id() == 0 ? message.toBuilder().id(broker.nextMessageId()).build() : message;
        return broker.dispatcher().publish(null, m, broker.loops().workers().next());
    }

    @Override
    public boolean deliverTo(String clientId, Message message) {
        Session session = broker.sessions().get(clientId);
        if (session == null) {
            return false;
        }
        Message m = message.id() == 0 ? message.toBuilder().id(broker.nextMessageId()).build() : message;
        session.deliver(m, SubscriptionOptions.ofQos(m.qos()), null);
        return true;
    }
}
