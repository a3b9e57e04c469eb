package io.osprey.api.hook;

import io.osprey.api.ClientInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code client.disconnected}: the connection of a client that had been connected is closed. Observe only.
 * <p>
 * {@code reason} is one of the shutdown reasons documented in the README: {@code normal}, {@code closed},
 * {@code keepalive_timeout}, {@code protocol_error}, {@code takenover}, {@code kicked}, {@code send_timeout},
 * {@code discarded}, {@code shutdown}, …
 */
@ConsumerType
public interface ClientDisconnected {

    void onDisconnected(ClientInfo client, String reason);
}
