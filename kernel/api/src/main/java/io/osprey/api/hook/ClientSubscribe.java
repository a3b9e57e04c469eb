package io.osprey.api.hook;

import java.util.List;

import io.osprey.api.ClientInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code client.subscribe}: a SUBSCRIBE passed its ACL checks. Hooks may rewrite or reject its filters in place
 * (see {@link SubscribeRequest}); filters already rejected by the ACL are not in the list. Runs on the client's I/O
 * thread; must not block.
 */
@ConsumerType
public interface ClientSubscribe {

    void onSubscribe(ClientInfo client, List<SubscribeRequest> requests);
}
