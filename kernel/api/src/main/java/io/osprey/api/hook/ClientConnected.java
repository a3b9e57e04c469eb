package io.osprey.api.hook;

import io.osprey.api.ClientInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code client.connected}: the client was accepted, its session is attached and the CONNACK is on its way.
 * Observe only. Runs on the client's I/O thread; must not block.
 */
@ConsumerType
public interface ClientConnected {

    void onConnected(ClientInfo client);
}
