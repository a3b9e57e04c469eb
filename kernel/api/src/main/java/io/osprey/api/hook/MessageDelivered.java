package io.osprey.api.hook;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code message.delivered}: a message is being sent to one subscriber. A hook may return a changed message for
 * this subscriber only; return {@code message} itself to leave it as is. Runs on the subscriber's I/O thread.
 */
@ConsumerType
public interface MessageDelivered {

    Message onDelivered(ClientInfo subscriber, Message message);
}
