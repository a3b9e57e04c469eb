package io.osprey.api.hook;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code message.dropped}: a message was not delivered (see {@link DropReason}). Observe only; runs on the thread
 * that dropped it and must be cheap — under overload this fires often.
 */
@ConsumerType
public interface MessageDropped {

    /**
     * @param client the subscriber whose delivery was dropped, or {@code null} when the message was dropped before
     *               routing (for example {@link DropReason#NO_SUBSCRIBERS})
     */
    void onDropped(Message message, DropReason reason, ClientInfo client);
}
