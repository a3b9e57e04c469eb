package io.osprey.api.hook;

import java.util.List;

import io.osprey.api.ClientInfo;
import io.osprey.api.UserProperty;
import org.osgi.annotation.versioning.ProviderType;

/** What {@code client.connect} and {@code client.authenticate} hooks see of a CONNECT. */
@ProviderType
public interface ConnectRequest {

    /** The connecting client; {@link ClientInfo#connectedAt()} is still 0. */
    ClientInfo client();

    /** The password field, or {@code null} when the CONNECT had none. Do not modify the array. */
    byte[] password();

    /** MQTT 5 user properties of the CONNECT (empty for 3.1.x). */
    List<UserProperty> userProperties();

    /** {@code true} when the client id resumes a session that exists (online or offline) on this node. */
    boolean hasExistingSession();
}
