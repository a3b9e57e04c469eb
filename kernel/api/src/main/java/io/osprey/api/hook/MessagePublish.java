package io.osprey.api.hook;

import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code message.publish}: a message is about to be routed (after the publisher's ACL check; also for messages the
 * broker or a plugin publishes, including will messages). Hooks run in ranking order, each seeing the message the
 * previous one passed on; any hook may change it, stop it, or fail it (see {@link PublishResult}).
 * <p>
 * For a QoS 1/2 message from a client, the PUBACK/PUBREC is sent only after the chain completed — a hook that
 * completes its stage later (a bridge in sync mode) delays the acknowledgement, and the broker stops reading from
 * that client meanwhile. Runs on the publisher's I/O thread (or the caller's thread for broker messages).
 */
@ConsumerType
public interface MessagePublish {

    /**
     * @param publisher the publishing client, or {@code null} for a message from the broker, the API or a plugin
     */
    CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message);
}
