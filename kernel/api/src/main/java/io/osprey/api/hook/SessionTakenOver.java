package io.osprey.api.hook;

import io.osprey.api.ClientInfo;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code session.takenover}: a session was taken over by a new connection with the same client id; {@code previous} is the connection being closed. Observe only.
 */
@ConsumerType
public interface SessionTakenOver {

    void onSessionTakenOver(ClientInfo previous);
}
