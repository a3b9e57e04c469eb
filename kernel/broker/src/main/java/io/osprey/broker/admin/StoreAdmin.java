package io.osprey.broker.admin;

import java.util.List;
import java.util.Map;

import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.store.Store;

/** {@code ctl store info} and {@code GET /api/v4/store}: what the embedded store holds and how its commits go. */
public final class StoreAdmin implements Command, ApiResource {

    private final Store store;

    public StoreAdmin(Store store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public List<String> usage() {
        return List.of("store info                      Show the store: type, file, size, sessions, messages, commits");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "info" : args.get(0);
        if (!sub.equals("info")) {
            throw new CommandException("Unknown command: store " + sub + "\n" + String.join("\n", usage()));
        }
        Map<String, Object> info = store.info();
        StringBuilder b = new StringBuilder();
        info.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return CommandResult.of(b.toString(), info);
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/v4/store", r -> store.info()));
    }
}
