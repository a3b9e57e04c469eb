package io.osprey.backend.status;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;

/**
 * {@code ctl <plugin> status}: the server and pool, the write queue and its counters, lookups, auth and ACL answers.
 * The status map has the server's state under the backend's short name ({@code mysql}, {@code pgsql},
 * {@code redis}), then {@code writes}, {@code lookups}, {@code auth}, {@code acl} and {@code rules}.
 */
public final class StatusCommand {

    private final String name;
    private final String key;
    private final List<String> usage;

    /**
     * @param name   the command, which is the plugin's name ({@code backend-mysql})
     * @param key    the status map's key for the server ({@code mysql})
     * @param server the server's kind for the usage line ({@code MySQL})
     */
    public StatusCommand(String name, String key, String server) {
        this.name = name;
        this.key = key;
        this.usage = List.of(String.format("%-30s %s", name + " status",
                server + " pool state, write queue length, written, failed, dropped"));
    }

    public String name() {
        return name;
    }

    public List<String> usage() {
        return usage;
    }

    /**
     * @param status  the running backend's status, or {@code null} when none runs
     * @param problem why there is none (a bad configuration), or {@code null}
     */
    public CommandResult execute(List<String> args, Supplier<Map<String, Object>> status, Supplier<String> problem)
            throws CommandException {
        if (!args.isEmpty() && !(args.size() == 1 && args.get(0).equals("status"))) {
            throw new CommandException("Usage: " + usage.get(0).trim());
        }
        Map<String, Object> s = status.get();
        if (s == null) {
            String why = problem.get();
            return CommandResult.of(name + " is not running: " + (why == null ? "no configuration" : why),
                    Map.of("state", "not running", "reason", why == null ? "no configuration" : why));
        }
        return CommandResult.of(render(s), s);
    }

    @SuppressWarnings("unchecked")
    public String render(Map<String, Object> s) {
        Map<String, Object> db = (Map<String, Object>) s.get(key);
        Map<String, Object> w = (Map<String, Object>) s.get("writes");
        Map<String, Object> l = (Map<String, Object>) s.get("lookups");
        StringBuilder out = new StringBuilder();
        line(out, key, db.get("server") + "  " + db.get("state")
                + (db.containsKey("last_error") ? " (" + db.get("last_error") + ")" : ""));
        if (db.containsKey("connections")) {
            line(out, "pool", db.get("connections") + " of " + db.get("pool_size") + " connections open, "
                    + db.get("active") + " active, " + db.get("idle") + " idle, " + db.get("waiting") + " waiting");
        } else if (db.containsKey("pool_size")) {
            line(out, "pool", db.get("pool_size") + " connections at most" + (db.containsKey("mode")
                    ? ", " + db.get("mode") : ""));
        }
        line(out, "queue", w.get("queue") + " of " + w.get("queue_size") + " writes waiting");
        line(out, "written", String.valueOf(w.get("written")));
        line(out, "failed", String.valueOf(w.get("failed")));
        line(out, "dropped", String.valueOf(w.get("dropped")));
        line(out, "batches", w.get("batches") + " (retried " + w.get("retries") + " times)");
        line(out, "lookups", l.get("delivered") + " messages delivered, " + l.get("failed") + " failed, "
                + l.get("waiting") + " waiting");
        if (s.containsKey("auth")) {
            Map<String, Object> a = (Map<String, Object>) s.get("auth");
            line(out, "auth", "allow " + a.get("allow") + ", deny " + a.get("deny") + ", ignore " + a.get("ignore")
                    + ", unavailable " + a.get("unavailable"));
        }
        if (s.containsKey("acl")) {
            Map<String, Object> a = (Map<String, Object>) s.get("acl");
            line(out, "acl", "allow " + a.get("allow") + ", deny " + a.get("deny") + ", nomatch " + a.get("nomatch")
                    + ", unavailable " + a.get("unavailable"));
        }
        line(out, "rules", String.valueOf(s.get("rules")));
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-9s %s%n", label, value));
    }
}
