package io.osprey.api.service;

import java.util.concurrent.CompletionStage;

import io.osprey.api.Message;
import org.osgi.annotation.versioning.ProviderType;

/** Publish a message as the broker: it runs the {@code message.publish} hooks and is routed like any other. */
@ProviderType
public interface PublishService {

    /**
     * @return completes with the number of subscriptions the message was routed to (0 when a hook stopped it)
     */
    CompletionStage<Integer> publish(Message message);
}
