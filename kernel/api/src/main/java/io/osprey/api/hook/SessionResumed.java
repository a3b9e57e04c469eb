package io.osprey.api.hook;

import io.osprey.api.ClientInfo;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code session.resumed}: a connecting client resumed its persistent session (CONNACK session present = 1). Observe only; runs on the client's I/O thread.
 */
@ConsumerType
public interface SessionResumed {

    void onSessionResumed(ClientInfo client);
}
