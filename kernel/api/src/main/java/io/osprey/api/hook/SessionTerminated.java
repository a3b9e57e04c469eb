package io.osprey.api.hook;

import io.osprey.api.ClientInfo;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code session.terminated}: a session ended for good (clean session closed, expiry, discarded, kicked); {@code reason} says why. {@code client} describes its last connection. Observe only.
 */
@ConsumerType
public interface SessionTerminated {

    void onSessionTerminated(ClientInfo client, String reason);
}
