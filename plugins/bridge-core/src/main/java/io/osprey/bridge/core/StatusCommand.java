package io.osprey.bridge.core;

import java.util.List;
import java.util.function.Supplier;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;

/**
 * {@code ctl <bridge> status}: the connection, the disk buffer and counters per rule, as every bridge shows them. A
 * bridge plugin registers a subclass as a Declarative Services component providing {@link Command}.
 */
public class StatusCommand implements Command {

    private final String name;
    private final StatusView view;
    private final Supplier<BridgeStatus> status;

    /** @param name the command, which is the plugin's name, e.g. {@code bridge-kafka} */
    public StatusCommand(String name, StatusView view, Supplier<BridgeStatus> status) {
        this.name = name;
        this.view = view;
        this.status = status;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> usage() {
        return List.of(String.format("%-31s Show the %s connection, the disk buffer and counters per %s",
                name + " status", view.remote(), view.rulesName()));
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        if (!args.isEmpty() && !(args.size() == 1 && args.get(0).equals("status"))) {
            throw new CommandException("Unknown command: " + name + " " + String.join(" ", args) + "\n"
                    + String.join("\n", usage()));
        }
        BridgeStatus s = status.get();
        return CommandResult.of(view.text(s), StatusView.data(s));
    }
}
