package io.osprey.broker.banned;

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
import io.osprey.broker.admin.Times;

/**
 * {@code ctl banned add|list|del} and {@code /api/v4/banned} (EMQX v4 bodies: {@code who}, {@code as},
 * {@code reason}, {@code until} in epoch seconds).
 */
public final class BannedAdmin implements Command, ApiResource {

    private static final long DEFAULT_SECONDS = 300;
    private final BanList bans;

    public BannedAdmin(BanList bans) {
        this.bans = bans;
    }

    @Override
    public String name() {
        return "banned";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "banned list                                         List active bans",
                "banned add clientid|username|peerhost <who> [seconds] [reason]   Ban (default 300 s)",
                "banned del clientid|username|peerhost <who>         Lift a ban");
    }

    static Map<String, Object> view(Ban b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("who", b.who());
        m.put("as", b.as());
        m.put("reason", b.reason());
        m.put("by", b.by());
        m.put("at", b.at() / 1000);
        m.put("until", b.until() / 1000);
        return m;
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "list" : args.get(0);
        switch (sub) {
            case "list" -> {
                List<List<?>> rows = new ArrayList<>();
                List<Map<String, Object>> data = new ArrayList<>();
                for (Ban b : bans.list()) {
                    rows.add(List.of(b.as(), b.who(), b.reason(), b.by(), Times.format(b.until())));
                    data.add(view(b));
                }
                return CommandResult.table(List.of("AS", "WHO", "REASON", "BY", "UNTIL"), rows, data);
            }
            case "add" -> {
                if (args.size() < 3 || !BanList.KINDS.contains(args.get(1))) {
                    throw new CommandException("Usage: banned add clientid|username|peerhost <who> [seconds] [reason]");
                }
                long seconds = DEFAULT_SECONDS;
                if (args.size() > 3) {
                    try {
                        seconds = Long.parseLong(args.get(3));
                    } catch (NumberFormatException e) {
                        throw new CommandException("seconds must be a number: " + args.get(3));
                    }
                }
                String reason = args.size() > 4 ? String.join(" ", args.subList(4, args.size())) : "banned by admin";
                long now = System.currentTimeMillis();
                Ban b = new Ban(args.get(1), args.get(2), reason, "ctl", now, now + seconds * 1000);
                bans.add(b);
                return CommandResult.of("Banned " + b.as() + " " + b.who() + " for " + seconds + " s", view(b));
            }
            case "del", "delete" -> {
                if (args.size() < 3) {
                    throw new CommandException("Usage: banned del clientid|username|peerhost <who>");
                }
                if (!bans.delete(args.get(1), args.get(2))) {
                    throw new CommandException("No ban of " + args.get(1) + " " + args.get(2));
                }
                return CommandResult.text("ok");
            }
            default -> throw new CommandException("Unknown command: banned " + sub + "\n" + String.join("\n",
                    usage()));
        }
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/banned", r -> bans.list().stream().map(BannedAdmin::view).toList()),
                ApiRoute.post("/api/v4/banned", this::add),
                ApiRoute.delete("/api/v4/banned/{as}/{who}", r -> {
                    if (!bans.delete(r.pathParam("as"), r.pathParam("who"))) {
                        throw ApiException.notFound("No ban of " + r.pathParam("as") + " " + r.pathParam("who"));
                    }
                    return null;
                }));
    }

    private Object add(ApiRequest r) throws ApiException {
        if (!(r.jsonBody() instanceof Map<?, ?> body)) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        Object who = body.get("who");
        Object as = body.get("as");
        if (who == null || as == null || !BanList.KINDS.contains(String.valueOf(as))) {
            throw ApiException.badRequest("\"who\" and \"as\" (clientid, username or peerhost) are required");
        }
        long now = System.currentTimeMillis();
        long until = body.get("until") instanceof Number n ? n.longValue() * 1000 : now + DEFAULT_SECONDS * 1000;
        Object reason = body.get("reason");
        Object by = body.get("by");
        Ban b = new Ban(String.valueOf(as), String.valueOf(who), reason == null ? "" : String.valueOf(reason),
                by == null ? "api" : String.valueOf(by), now, until);
        bans.add(b);
        return view(b);
    }
}
