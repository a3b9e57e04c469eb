package io.osprey.plugin.kafka;

import io.osprey.api.service.Command;
import io.osprey.bridge.core.StatusCommand;
import io.osprey.bridge.core.StatusView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ctl bridge-kafka status}: the connection, the disk buffer and per-rule counters. */
@Component(service = Command.class)
public final class BridgeCommand extends StatusCommand {

    static final StatusView VIEW = new StatusView("Kafka bridge", "Kafka", "etc/osprey.bridge.kafka.cfg");

    @Activate
    public BridgeCommand(@Reference BridgeManager manager) {
        this(manager.bridge());
    }

    BridgeCommand(Bridge bridge) {
        super(BridgeManager.PLUGIN, VIEW, bridge::status);
    }
}
