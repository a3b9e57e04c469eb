package io.osprey.api.hook;

import java.util.List;

import io.osprey.api.ClientInfo;
import org.osgi.annotation.versioning.ConsumerType;

/** {@code client.unsubscribe}: an UNSUBSCRIBE arrived; hooks may rewrite its filters. Client's I/O thread. */
@ConsumerType
public interface ClientUnsubscribe {

    void onUnsubscribe(ClientInfo client, List<UnsubscribeRequest> requests);
}
