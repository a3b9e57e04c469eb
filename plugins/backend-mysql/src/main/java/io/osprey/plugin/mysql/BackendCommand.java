package io.osprey.plugin.mysql;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.backend.status.StatusCommand;

/**
 * {@code ctl backend-mysql status} for a backend in hand (the component's goes through its lifecycle): the pool, the
 * write queue and its counters, lookups, auth and ACL answers.
 */
final class BackendCommand {

    static final StatusCommand COMMAND = new StatusCommand("backend-mysql", "mysql", "MySQL");

    private BackendCommand() {
    }

    /**
     * @param backend the running backend, or {@code null}
     * @param problem why there is none (a bad configuration), or {@code null}
     */
    static CommandResult execute(List<String> args, MysqlBackend backend, Supplier<String> problem)
            throws CommandException {
        return COMMAND.execute(args, () -> backend == null ? null : backend.status(), problem);
    }

    static String render(Map<String, Object> status) {
        return COMMAND.render(status);
    }
}
