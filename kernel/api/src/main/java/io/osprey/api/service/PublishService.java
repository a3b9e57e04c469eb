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

    /**
     * Delivers a message to one session only, as if it had matched a subscription of that session with the
     * message's QoS (queued if the client is offline). No hooks run and nothing is retained. Used for messages a
     * plugin fetches for one client, such as stored messages a backend replays on subscribe.
     *
     * @return {@code false} when there is no session with this client id
     */
    boolean deliverTo(String clientId, Message message);
}
