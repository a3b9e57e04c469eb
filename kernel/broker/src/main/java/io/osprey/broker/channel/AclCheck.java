package io.osprey.broker.channel;

import java.util.concurrent.CompletableFuture;

import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.broker.acl.ReservedTopics;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.metrics.Metric;

/**
 * Decides whether a client may publish to or subscribe to a topic: superusers always may; otherwise the per-client
 * cache, then the {@code client.check_acl} hooks, and {@code acl_nomatch} when none decides (never for a PUBLISH to
 * a {@code $} topic: see {@link ReservedTopics}).
 */
final class AclCheck {

    private AclCheck() {
    }

    /**
     * The decision when it is known without asking a hook that might wait: {@code TRUE}/{@code FALSE}, or
     * {@code null} when {@link #ask} must be called.
     */
    static Boolean quick(MqttConnection c, AclAction action, String topic) {
        if (c.superuser) {
            return Boolean.TRUE;
        }
        if (c.broker.hooks().clientCheckAcl.isEmpty()) {
            return ReservedTopics.allowed(AclResult.IGNORE, action, topic, c.settings.aclNomatchAllow());
        }
        if (c.settings.aclCacheEnabled()) {
            return c.aclCache.get(action, topic, System.currentTimeMillis());
        }
        return null;
    }

    /** Asks the hooks; the result is cached when the cache is on. */
    static CompletableFuture<Boolean> ask(MqttConnection c, AclAction action, String topic) {
        return c.broker.hooks().clientCheckAcl(c, action, topic, c.eventLoop()).thenApply(r -> {
            BrokerSettings s = c.settings;
            boolean allowed = ReservedTopics.allowed(r, action, topic, s.aclNomatchAllow());
            if (s.aclCacheEnabled()) {
                c.aclCache.put(action, topic, allowed, System.currentTimeMillis(), s.aclCacheTtl().toMillis(),
                        s.aclCacheMaxSize());
            }
            if (!allowed) {
                c.metrics.inc(Metric.CLIENT_ACL_DENIED);
            }
            return allowed;
        });
    }

    /**
     * Forgets cached decisions of this connection. Safe from any thread and effective at once: it only raises a
     * volatile flag that the next lookup on the connection's thread honours (a task queued on the event loop could
     * run after a packet already waiting there).
     */
    static void clearCache(MqttConnection c) {
        c.aclCache.clear();
    }
}
