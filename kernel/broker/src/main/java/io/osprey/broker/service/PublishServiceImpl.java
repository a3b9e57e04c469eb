package io.osprey.broker.service;

import java.util.concurrent.CompletionStage;

import io.osprey.api.Message;
import io.osprey.api.service.PublishService;
import io.osprey.broker.Broker;
import io.osprey.broker.router.Topics;

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
}
