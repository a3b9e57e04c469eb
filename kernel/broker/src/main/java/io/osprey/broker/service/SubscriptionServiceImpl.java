package io.osprey.broker.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.osprey.api.ClientInfo;
import io.osprey.api.Subscription;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.service.SubscriptionService;
import io.osprey.broker.Broker;
import io.osprey.broker.router.Topics;
import io.osprey.broker.session.Session;

/**
 * {@link SubscriptionService}: changes run on the session's own thread (as if the client had subscribed), so they
 * never race the client's own packets; callers wait for them briefly.
 */
public final class SubscriptionServiceImpl implements SubscriptionService {

    private final Broker broker;

    public SubscriptionServiceImpl(Broker broker) {
        this.broker = broker;
    }

    @Override
    public List<Subscription> subscriptions(String clientId) {
        Session s = broker.sessions().get(clientId);
        return s == null ? List.of() : s.subscriptionList();
    }

    @Override
    public boolean subscribe(String clientId, String topicFilter, SubscriptionOptions options) {
        Session s = broker.sessions().get(clientId);
        Topics.Filter f = Topics.parseFilter(topicFilter);
        if (s == null || f == null) {
            return false;
        }
        return onSession(s, () -> {
            boolean isNew = s.subscribe(topicFilter, f, options);
            ClientInfo client = s.lastClient();
            if (client != null) {
                broker.hooks().sessionSubscribed(client, new Subscription(clientId, topicFilter, options));
            }
            if (!f.isShared() && (options.retainHandling() == 0 || (options.retainHandling() == 1 && isNew))) {
                broker.retained().match(f.filter(), System.currentTimeMillis(), m -> s.deliverRetained(m, options));
            }
            return true;
        });
    }

    @Override
    public boolean unsubscribe(String clientId, String topicFilter) {
        Session s = broker.sessions().get(clientId);
        if (s == null) {
            return false;
        }
        return onSession(s, () -> {
            boolean removed = s.unsubscribe(topicFilter);
            if (removed && s.lastClient() != null) {
                broker.hooks().sessionUnsubscribed(s.lastClient(), topicFilter);
            }
            return removed;
        });
    }

    private static boolean onSession(Session s, java.util.function.BooleanSupplier action) {
        if (s.executor().inEventLoop()) {
            return action.getAsBoolean();
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        s.execute(() -> {
            try {
                result.complete(action.getAsBoolean());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("session " + s.clientId() + " did not answer", e);
        }
    }
}
