package io.osprey.api.hook;

import io.osprey.api.ClientInfo;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code session.unsubscribed}: a subscription was removed from a session. Observe only.
 */
@ConsumerType
public interface SessionUnsubscribed {

    void onSessionUnsubscribed(ClientInfo client, String topicFilter);
}
