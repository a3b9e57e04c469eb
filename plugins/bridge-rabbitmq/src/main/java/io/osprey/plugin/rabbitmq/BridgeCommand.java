package io.osprey.plugin.rabbitmq;

import io.osprey.api.service.Command;
import io.osprey.bridge.core.StatusCommand;
import io.osprey.bridge.core.StatusView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ctl bridge-rabbitmq status}: the connection, the disk buffer and per-rule counters. */
@Component(service = Command.class)
public final class BridgeCommand extends StatusCommand {

    static final StatusView VIEW = new StatusView("RabbitMQ bridge", "RabbitMQ", "etc/osprey.bridge.rabbit.cfg");

    @Activate
    public BridgeCommand(@Reference BridgeManager manager) {
        super(BridgeManager.PLUGIN, VIEW, manager.bridge()::status);
    }
}
