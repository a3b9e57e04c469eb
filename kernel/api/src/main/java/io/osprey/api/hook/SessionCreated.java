package io.osprey.api.hook;

import io.osprey.api.ClientInfo;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code session.created}: a new session was created for a connecting client (clean start, or no session existed). Observe only; runs on the client's I/O thread.
 */
@ConsumerType
public interface SessionCreated {

    void onSessionCreated(ClientInfo client);
}
