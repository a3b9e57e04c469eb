package io.osprey.api.hook;

import java.util.List;

import io.osprey.api.ClientInfo;
import io.osprey.api.UserProperty;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code client.connack}: a CONNACK is about to be sent (success or failure). A hook may add MQTT 5 user properties to
 * it by adding to {@code userProperties} (ignored for 3.1.x clients). Runs on the client's I/O thread.
 */
@ConsumerType
public interface ClientConnack {

    /**
     * @param reasonCode      the CONNACK code being sent (0 on success), in the client's protocol version
     * @param userProperties  mutable; properties added here are sent to MQTT 5 clients
     */
    void onConnack(ClientInfo client, int reasonCode, List<UserProperty> userProperties);
}
