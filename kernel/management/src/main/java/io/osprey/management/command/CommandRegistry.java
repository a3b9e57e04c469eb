package io.osprey.management.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;

/** The {@code ctl} commands currently registered (kernel and plugins), by name. */
public final class CommandRegistry {

    private final Map<String, Command> commands = new ConcurrentHashMap<>();

    public void add(Command c) {
        commands.put(c.name(), c);
    }

    public void remove(Command c) {
        commands.remove(c.name(), c);
    }

    /**
     * Runs {@code args[0]} with the remaining words.
     *
     * @throws CommandException for an unknown command (with the list of commands) or the command's own error
     */
    public CommandResult run(List<String> args) throws CommandException {
        if (args.isEmpty() || args.get(0).equals("help")) {
            return CommandResult.of(usage(), names());
        }
        Command c = commands.get(args.get(0));
        if (c == null) {
            throw new CommandException("Unknown command: " + args.get(0) + "\n\n" + usage());
        }
        return c.execute(args.subList(1, args.size()));
    }

    public List<String> names() {
        return new ArrayList<>(new TreeMap<>(commands).keySet());
    }

    /** Every command's usage lines, sorted by command. */
    public String usage() {
        StringBuilder b = new StringBuilder("Usage: osprey ctl <command> [args] [--json]\n\n");
        new TreeMap<>(commands).values().forEach(c -> c.usage().forEach(l -> b.append("  ").append(l).append('\n')));
        return b.toString();
    }
}
