package io.osprey.plugin.kafka;

import java.util.List;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.bridge.core.BridgeStatus;
import io.osprey.bridge.core.StatusView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ctl bridge-kafka status}: the connection, the disk buffer and per-rule counters. */
@Component(service = Command.class)
public final class BridgeCommand implements Command {

    static final StatusView VIEW = new StatusView("Kafka bridge", "Kafka", "etc/osprey.bridge.kafka.cfg");

    private final Bridge bridge;

    @Activate
    public BridgeCommand(@Reference BridgeManager manager) {
        this(manager.bridge());
    }

    BridgeCommand(Bridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public String name() {
        return BridgeManager.PLUGIN;
    }

    @Override
    public List<String> usage() {
        return List.of("bridge-kafka status             Show the Kafka connection, the disk buffer and counters per rule");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        if (!args.isEmpty() && !(args.size() == 1 && args.get(0).equals("status"))) {
            throw new CommandException("Unknown command: bridge-kafka " + String.join(" ", args) + "\n"
                    + String.join("\n", usage()));
        }
        BridgeStatus s = bridge.status();
        return CommandResult.of(VIEW.text(s), StatusView.data(s));
    }
}
