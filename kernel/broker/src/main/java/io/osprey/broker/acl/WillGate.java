package io.osprey.broker.acl;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.DropReason;
import io.osprey.broker.Dispatcher;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.hooks.HookRegistry;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.metrics.Metrics;
import io.osprey.broker.session.Will;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes wills, after checking them once more: a will was allowed when its client connected, but the ACL may
 * have changed since (an edited acl.conf, a will delayed for hours, a node restarted meanwhile). The same rules as a
 * PUBLISH apply: {@link ReservedTopics}, then the {@code client.check_acl} hooks and {@code acl_nomatch}. A will
 * that is refused is dropped, logged and counted ({@code messages.dropped.will_denied}).
 */
public final class WillGate {

    private static final Logger LOG = LoggerFactory.getLogger(WillGate.class);

    private final HookRegistry hooks;
    private final Supplier<BrokerSettings> settings;
    private final Metrics metrics;
    private final Dispatcher dispatcher;
    private final Supplier<Executor> executor;

    public WillGate(HookRegistry hooks, Supplier<BrokerSettings> settings, Metrics metrics, Dispatcher dispatcher,
                    Supplier<Executor> executor) {
        this.hooks = hooks;
        this.settings = settings;
        this.metrics = metrics;
        this.dispatcher = dispatcher;
        this.executor = executor;
    }

    /** Checks and publishes {@code will}; may complete later when an ACL hook answers asynchronously. */
    public void publish(Will will) {
        Message m = will.message();
        ClientInfo owner = will.owner() != null ? will.owner() : ClientSnapshot.ofWill(m);
        String refusal = ReservedTopics.publishRefusal(m.topic(), owner.isBridge());
        if (refusal != null) {
            denied(owner, m, refusal);
            return;
        }
        Executor exec = executor.get();
        if (owner.isSuperuser()) {
            dispatcher.publish(null, m, exec);
            return;
        }
        boolean nomatch = settings.get().aclNomatchAllow();
        if (hooks.clientCheckAcl.isEmpty()) {
            decided(owner, m, ReservedTopics.allowed(AclResult.IGNORE, AclAction.PUBLISH, m.topic(), nomatch), exec);
            return;
        }
        hooks.clientCheckAcl(owner, AclAction.PUBLISH, m.topic(), exec).thenAccept(r ->
                decided(owner, m, ReservedTopics.allowed(r, AclAction.PUBLISH, m.topic(), nomatch), exec));
    }

    private void decided(ClientInfo owner, Message m, boolean allowed, Executor exec) {
        if (allowed) {
            dispatcher.publish(null, m, exec);
        } else {
            denied(owner, m, "not authorized to publish to " + m.topic());
        }
    }

    private void denied(ClientInfo owner, Message m, String why) {
        dropped(metrics, hooks, owner, m, why);
    }

    /** Counts, logs and reports ({@code message.dropped}) a will the ACL refused, here or at CONNECT. */
    public static void dropped(Metrics metrics, HookRegistry hooks, ClientInfo owner, Message m, String why) {
        metrics.inc(Metric.MESSAGES_DROPPED);
        metrics.inc(Metric.MESSAGES_DROPPED_WILL_DENIED);
        LOG.info("Will of client {} on topic {} dropped: {}", owner.clientId(), m.topic(), why);
        if (!hooks.messageDropped.isEmpty()) {
            hooks.messageDropped(m, DropReason.ACL_DENIED, owner);
        }
    }
}
