package io.osprey.plugin.rabbitmq;

import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.ClientDisconnected;
import io.osprey.api.hook.MessageAcked;
import io.osprey.api.hook.MessageDelivered;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.SessionSubscribed;
import io.osprey.api.hook.SessionUnsubscribed;
import io.osprey.bridge.core.EventHooks;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The hooks the RabbitMQ bridge listens to, at the default ranking (0): the bridge core's {@link EventHooks}. */
@Component(service = {ClientConnected.class, ClientDisconnected.class, SessionSubscribed.class,
        SessionUnsubscribed.class, MessagePublish.class, MessageDelivered.class, MessageAcked.class})
public final class BridgeHooks extends EventHooks {

    @Activate
    public BridgeHooks(@Reference BridgeManager manager) {
        super(manager.bridge());
    }
}
