package io.osprey.api.hook;

import io.osprey.api.ClientInfo;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code session.discarded}: a session was thrown away because its client connected again with clean start. Observe only.
 */
@ConsumerType
public interface SessionDiscarded {

    void onSessionDiscarded(ClientInfo client);
}
