package io.osprey.broker.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.admin.Times;

/**
 * {@code ctl trace start client|topic <x> <file> [level]}, {@code ctl trace stop client|topic <x>},
 * {@code ctl trace list}, and {@code /api/v4/trace}. Files are under the node's {@code log/} folder, and only there
 * ({@link TraceFiles}).
 */
public final class TraceAdmin implements Command, ApiResource {

    private static final Set<String> LEVELS = Set.of("debug", "info");
    private final TraceRegistry traces;
    private final Path logDir;

    public TraceAdmin(TraceRegistry traces, Path logDir) {
        this.traces = traces;
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return "trace";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "trace list                                   List running traces",
                "trace start client <ClientId> <File> [Level] Trace every packet of a client (level debug|info)",
                "trace start topic <Filter> <File> [Level]    Trace every message on matching topics",
                "trace stop client <ClientId>                 Stop a client trace",
                "trace stop topic <Filter>                    Stop a topic trace");
    }

    static Map<String, Object> view(TraceTarget t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", t.kind());
        m.put(t.kind().equals("client") ? "clientid" : "topic", t.target());
        m.put("file", t.file().toString());
        m.put("level", t.level());
        m.put("lines", t.lines());
        m.put("dropped", t.dropped());
        m.put("started_at", Times.format(t.startedAt()));
        return m;
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "list" : args.get(0);
        try {
            switch (sub) {
                case "list" -> {
                    List<List<?>> rows = new ArrayList<>();
                    List<Map<String, Object>> data = new ArrayList<>();
                    for (TraceTarget t : traces.list()) {
                        rows.add(List.of(t.kind(), t.target(), t.level(), t.file(), t.lines()));
                        data.add(view(t));
                    }
                    return CommandResult.table(List.of("TYPE", "TARGET", "LEVEL", "FILE", "LINES"), rows, data);
                }
                case "start" -> {
                    if (args.size() < 4) {
                        throw new CommandException("Usage: trace start client|topic <x> <File> [Level]");
                    }
                    String level = args.size() > 4 ? args.get(4) : "debug";
                    TraceTarget t = start(args.get(1), args.get(2), args.get(3), level);
                    return CommandResult.of("trace " + t.kind() + " " + t.target() + " successfully (file "
                            + t.file() + ")", view(t));
                }
                case "stop" -> {
                    if (args.size() < 3) {
                        throw new CommandException("Usage: trace stop client|topic <x>");
                    }
                    if (!traces.stop(args.get(1), args.get(2))) {
                        throw new CommandException("No trace of " + args.get(1) + " " + args.get(2));
                    }
                    return CommandResult.text("stop tracing " + args.get(1) + " " + args.get(2) + " successfully");
                }
                default -> throw new CommandException("Unknown command: trace " + sub + "\n"
                        + String.join("\n", usage()));
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private TraceTarget start(String kind, String target, String file, String level) throws IOException {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("level must be debug or info: " + level);
        }
        return traces.start(kind, target, TraceFiles.resolve(logDir, file), level);
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/trace", r -> traces.list().stream().map(TraceAdmin::view).toList()),
                ApiRoute.post("/api/v4/trace", this::startApi),
                ApiRoute.delete("/api/v4/trace/{type}/{target}", r -> {
                    if (!traces.stop(r.pathParam("type"), r.pathParam("target"))) {
                        throw ApiException.notFound("No trace of " + r.pathParam("type") + " " + r.pathParam("target"));
                    }
                    return null;
                }));
    }

    private Object startApi(ApiRequest r) throws ApiException {
        if (!(r.jsonBody() instanceof Map<?, ?> b) || b.get("type") == null || b.get("target") == null
                || b.get("file") == null) {
            throw ApiException.badRequest("expected {\"type\":\"client|topic\",\"target\":…,\"file\":…,\"level\":…}");
        }
        try {
            return view(start(String.valueOf(b.get("type")), String.valueOf(b.get("target")),
                    String.valueOf(b.get("file")), b.get("level") == null ? "debug" : String.valueOf(b.get("level"))));
        } catch (IllegalArgumentException | IOException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
