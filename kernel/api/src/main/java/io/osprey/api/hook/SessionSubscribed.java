package io.osprey.api.hook;

import io.osprey.api.ClientInfo;
import io.osprey.api.Subscription;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code session.subscribed}: a subscription was added to (or replaced in) a session. Observe only; runs on the client's I/O thread, or on the caller's thread when a plugin or the API subscribed on the client's behalf.
 */
@ConsumerType
public interface SessionSubscribed {

    void onSessionSubscribed(ClientInfo client, Subscription subscription);
}
