package io.osprey.plugin.mysql;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;

/** {@code ctl backend-mysql status}: the pool, the write queue and its counters, lookups, auth and ACL answers. */
final class BackendCommand {

    static final String NAME = "backend-mysql";
    static final List<String> USAGE = List.of(
            "backend-mysql status           MySQL pool state, write queue length, written, failed, dropped");

    private BackendCommand() {
    }

    /**
     * @param backend the running backend, or {@code null}
     * @param problem why there is none (a bad configuration), or {@code null}
     */
    static CommandResult execute(List<String> args, MysqlBackend backend, Supplier<String> problem)
            throws CommandException {
        if (!args.isEmpty() && !(args.size() == 1 && args.get(0).equals("status"))) {
            throw new CommandException("Usage: " + USAGE.get(0).trim());
        }
        if (backend == null) {
            String why = problem.get();
            return CommandResult.of("backend-mysql is not running: " + (why == null ? "no configuration" : why),
                    Map.of("state", "not running", "reason", why == null ? "no configuration" : why));
        }
        Map<String, Object> s = backend.status();
        return CommandResult.of(render(s), s);
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> s) {
        Map<String, Object> db = (Map<String, Object>) s.get("mysql");
        Map<String, Object> w = (Map<String, Object>) s.get("writes");
        Map<String, Object> l = (Map<String, Object>) s.get("lookups");
        StringBuilder out = new StringBuilder();
        line(out, "mysql", db.get("server") + "  " + db.get("state")
                + (db.containsKey("last_error") ? " (" + db.get("last_error") + ")" : ""));
        line(out, "pool", db.get("connections") + " of " + db.get("pool_size") + " connections open, "
                + db.get("active") + " active, " + db.get("idle") + " idle, " + db.get("waiting") + " waiting");
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
