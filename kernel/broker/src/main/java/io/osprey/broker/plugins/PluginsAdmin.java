package io.osprey.broker.plugins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.hooks.HookRegistry;
import io.osprey.broker.hooks.HookStats;

/** {@code ctl plugins list [--verbose]|load|unload|reload <Name>} and {@code /api/v4/plugins}. */
public final class PluginsAdmin implements Command, ApiResource {

    private final PluginManager plugins;
    private final HookRegistry hooks;

    public PluginsAdmin(PluginManager plugins, HookRegistry hooks) {
        this.plugins = plugins;
        this.hooks = hooks;
    }

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "plugins list [--verbose]        List plugins (with per-hook calls, errors and time)",
                "plugins load <Plugin>           Load a plugin (stays loaded across restarts)",
                "plugins unload <Plugin>         Unload a plugin, keep its jar (stays unloaded across restarts)",
                "plugins reload <Plugin>         Reload a plugin's jar and configuration");
    }

    private Map<String, Object> view(PluginInfo p, boolean withHooks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("state", p.state());
        m.put("active", "loaded".equals(p.state()));
        m.put("description", p.description());
        m.put("file", p.file());
        if (p.reason() != null) {
            m.put("reason", p.reason());
        }
        if (withHooks) {
            List<Map<String, Object>> hs = new ArrayList<>();
            for (HookStats s : hooks.stats()) {
                if (s.plugin().equals(p.name())) {
                    Map<String, Object> h = new LinkedHashMap<>();
                    h.put("hook", s.hook());
                    h.put("calls", s.calls());
                    h.put("errors", s.errors());
                    h.put("timeouts", s.timeouts());
                    h.put("total_ms", round(s.totalMillis()));
                    h.put("max_ms", round(s.maxMillis()));
                    hs.add(h);
                }
            }
            m.put("hooks", hs);
        }
        return m;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "list" : args.get(0);
        try {
            switch (sub) {
                case "list" -> {
                    boolean verbose = args.contains("--verbose") || args.contains("-v");
                    List<Map<String, Object>> data = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    List<List<?>> rows = new ArrayList<>();
                    for (PluginInfo p : plugins.list()) {
                        data.add(view(p, verbose));
                        rows.add(List.of(p.name(), p.version(), p.state(),
                                p.reason() != null ? p.reason() : String.valueOf(p.description())));
                    }
                    text.append(CommandResult.renderTable(List.of("NAME", "VERSION", "STATE", "DESCRIPTION"), rows));
                    if (verbose) {
                        for (Map<String, Object> d : data) {
                            @SuppressWarnings("unchecked")
                            List<Map<String, Object>> hs = (List<Map<String, Object>>) d.get("hooks");
                            if (hs.isEmpty()) {
                                continue;
                            }
                            text.append('\n').append(d.get("name")).append(" hooks:\n");
                            List<List<?>> hrows = new ArrayList<>();
                            hs.forEach(h -> hrows.add(List.of("  " + h.get("hook"), h.get("calls"), h.get("errors"),
                                    h.get("timeouts"), h.get("total_ms"), h.get("max_ms"))));
                            text.append(CommandResult.renderTable(List.of("  HOOK", "CALLS", "ERRORS", "TIMEOUTS",
                                    "TOTAL_MS", "MAX_MS"), hrows));
                        }
                    }
                    return CommandResult.of(text.toString(), data);
                }
                case "load" -> {
                    PluginInfo p = plugins.load(arg(args, "plugins load <Plugin>"));
                    return CommandResult.of("Plugin " + p.name() + " loaded successfully.", view(p, false));
                }
                case "unload" -> {
                    PluginInfo p = plugins.unload(arg(args, "plugins unload <Plugin>"));
                    return CommandResult.of("Plugin " + p.name() + " unloaded successfully.", view(p, false));
                }
                case "reload" -> {
                    PluginInfo p = plugins.reload(arg(args, "plugins reload <Plugin>"));
                    return CommandResult.of("Plugin " + p.name() + " reloaded successfully.", view(p, false));
                }
                default -> throw new CommandException("Unknown command: plugins " + sub + "\n"
                        + String.join("\n", usage()));
            }
        } catch (PluginException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private static String arg(List<String> args, String usage) throws CommandException {
        if (args.size() < 2) {
            throw new CommandException("Usage: " + usage);
        }
        return args.get(1);
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/plugins", r -> plugins.list().stream().map(p -> view(p, true)).toList()),
                ApiRoute.get("/api/v4/plugins/{name}", r -> view(known(r), true)),
                ApiRoute.put("/api/v4/plugins/{name}/load", r -> act(r, "load")),
                ApiRoute.put("/api/v4/plugins/{name}/unload", r -> act(r, "unload")),
                ApiRoute.put("/api/v4/plugins/{name}/reload", r -> act(r, "reload")));
    }

    private PluginInfo known(ApiRequest r) throws ApiException {
        PluginInfo p = plugins.find(r.pathParam("name"));
        if (p == null) {
            throw ApiException.notFound("Plugin " + r.pathParam("name") + " not found");
        }
        return p;
    }

    private Object act(ApiRequest r, String action) throws ApiException {
        known(r);
        try {
            PluginInfo p = switch (action) {
                case "load" -> plugins.load(r.pathParam("name"));
                case "unload" -> plugins.unload(r.pathParam("name"));
                default -> plugins.reload(r.pathParam("name"));
            };
            return view(p, false);
        } catch (PluginException e) {
            throw new ApiException(500, e.getMessage());
        }
    }
}
