package io.osprey.plugin.mqttbridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ctl bridges list | status <name> | stop <name> | start <name>} for the MQTT bridges. */
@Component(service = Command.class)
public final class BridgesCommand implements Command {

    private final Bridges bridges;

    @Activate
    public BridgesCommand(@Reference Bridges bridges) {
        this.bridges = bridges;
    }

    @Override
    public String name() {
        return "bridges";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "bridges list                    List the MQTT bridges (etc/osprey.bridge.mqtt-<name>.cfg)",
                "bridges status <name>           Show a bridge's connection, buffer and counters per forward",
                "bridges stop <name>             Close a bridge's connection; forwarded messages wait in its buffer",
                "bridges start <name>            Open a stopped bridge's connection again");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "list" : args.get(0);
        try {
            switch (sub) {
                case "list" -> {
                    List<Map<String, Object>> rows = bridges.list();
                    if (rows.isEmpty()) {
                        return CommandResult.of("No MQTT bridges: add etc/osprey.bridge.mqtt-<name>.cfg", rows);
                    }
                    List<List<?>> table = new ArrayList<>();
                    for (Map<String, Object> r : rows) {
                        table.add(List.of(r.get("name"), r.get("state"), r.get("address"), r.get("buffered"),
                                r.get("received")));
                    }
                    return CommandResult.table(List.of("name", "state", "address", "buffered", "received"), table,
                            rows);
                }
                case "status" -> {
                    String name = name(args);
                    return CommandResult.of(bridges.statusText(name), bridges.status(name));
                }
                case "stop" -> {
                    String name = name(args);
                    bridges.get(name).stopLink();
                    return CommandResult.of("Bridge " + name + " stopped", Map.of("name", name, "state", "stopped"));
                }
                case "start" -> {
                    String name = name(args);
                    bridges.get(name).startLink();
                    return CommandResult.of("Bridge " + name + " started", Map.of("name", name, "state", "started"));
                }
                default -> throw new CommandException("Unknown command: bridges " + String.join(" ", args) + "\n"
                        + String.join("\n", usage()));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private String name(List<String> args) throws CommandException {
        if (args.size() != 2) {
            throw new CommandException("Usage: bridges " + args.get(0) + " <name>");
        }
        return args.get(1);
    }
}
