package io.osprey.api.service;

import java.util.List;

import io.osprey.api.Subscription;
import io.osprey.api.SubscriptionOptions;
import org.osgi.annotation.versioning.ProviderType;

/** List, add and remove the subscriptions of a session (online, or offline and persistent). Any thread. */
@ProviderType
public interface SubscriptionService {

    /** The subscriptions of the session, or an empty list when there is no such session. */
    List<Subscription> subscriptions(String clientId);

    /**
     * Adds or replaces a subscription as if the client had sent SUBSCRIBE (without ACL checks).
     *
     * @return {@code false} when there is no such session or the filter is invalid
     */
    boolean subscribe(String clientId, String topicFilter, SubscriptionOptions options);

    /** @return {@code false} when the session or subscription did not exist */
    boolean unsubscribe(String clientId, String topicFilter);
}
