package io.osprey.api.hook;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code message.acked}: a subscriber acknowledged a QoS 1 (PUBACK) or QoS 2 (PUBCOMP) message. Observe only; runs
 * on the subscriber's I/O thread.
 */
@ConsumerType
public interface MessageAcked {

    void onAcked(ClientInfo subscriber, Message message);
}
