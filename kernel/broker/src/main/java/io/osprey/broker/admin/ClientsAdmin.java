package io.osprey.broker.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.osprey.api.ClientInfo;
import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiPage;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.Broker;
import io.osprey.broker.session.Outlet;

/** {@code ctl clients list|show|kick} and {@code /api/v4/clients}. */
public final class ClientsAdmin implements Command, ApiResource {

    private final Broker broker;

    public ClientsAdmin(Broker broker) {
        this.broker = broker;
    }

    @Override
    public String name() {
        return "clients";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "clients list                    List connected clients",
                "clients show <ClientId>         Show one client",
                "clients kick <ClientId>         Disconnect a client and end its session");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "list" : args.get(0);
        switch (sub) {
            case "list" -> {
                List<Map<String, Object>> all = all();
                List<List<?>> rows = new ArrayList<>();
                for (Map<String, Object> c : all) {
                    rows.add(List.of(c.get("clientid"), String.valueOf(c.get("username")),
                            c.get("ip_address") + ":" + c.get("port"), c.get("proto_ver"), c.get("keepalive"),
                            c.get("clean_start"), c.get("connected_at")));
                }
                return CommandResult.table(List.of("CLIENTID", "USERNAME", "PEER", "PROTO", "KEEPALIVE",
                        "CLEAN_START", "CONNECTED_AT"), rows, all);
            }
            case "show" -> {
                Map<String, Object> c = one(arg(args, "clients show <ClientId>"));
                if (c == null) {
                    throw new CommandException("Client " + args.get(1) + " is not connected.");
                }
                StringBuilder text = new StringBuilder();
                c.forEach((k, v) -> text.append(String.format("%-18s: %s%n", k, v)));
                return CommandResult.of(text.toString(), c);
            }
            case "kick" -> {
                String id = arg(args, "clients kick <ClientId>");
                if (!broker.sessions().kick(id)) {
                    throw new CommandException("Client " + id + " is not connected.");
                }
                return CommandResult.of("ok", Map.of("clientid", id, "kicked", true));
            }
            default -> throw new CommandException("Unknown command: clients " + sub + "\n" + String.join("\n", usage()));
        }
    }

    private static String arg(List<String> args, String usage) throws CommandException {
        if (args.size() < 2) {
            throw new CommandException("Usage: " + usage);
        }
        return args.get(1);
    }

    private List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        broker.sessions().forEach(s -> {
            Outlet o = broker.sessions().connectionOf(s.clientId());
            if (o != null) {
                out.add(Views.client(broker.nodeName(), o.client(), s));
            }
        });
        out.sort(Comparator.comparing(m -> String.valueOf(m.get("clientid"))));
        return out;
    }

    private Map<String, Object> one(String clientId) {
        Outlet o = broker.sessions().connectionOf(clientId);
        if (o == null) {
            return null;
        }
        ClientInfo c = o.client();
        return Views.client(broker.nodeName(), c, broker.sessions().get(clientId));
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/clients", this::list),
                ApiRoute.get("/api/v4/clients/{clientid}", this::show),
                ApiRoute.delete("/api/v4/clients/{clientid}", this::kick));
    }

    private Object list(ApiRequest r) throws ApiException {
        List<Map<String, Object>> all = all();
        int page = intParam(r, "_page", 1);
        int limit = intParam(r, "_limit", 10000);
        int from = Math.min(all.size(), (page - 1) * limit);
        int to = Math.min(all.size(), from + limit);
        return new ApiPage(all.subList(from, to), page, limit, all.size());
    }

    private Object show(ApiRequest r) throws ApiException {
        Map<String, Object> c = one(r.pathParam("clientid"));
        if (c == null) {
            throw ApiException.notFound("Client " + r.pathParam("clientid") + " is not connected");
        }
        return List.of(c);
    }

    private Object kick(ApiRequest r) throws ApiException {
        if (!broker.sessions().kick(r.pathParam("clientid"))) {
            throw ApiException.notFound("Client " + r.pathParam("clientid") + " is not connected");
        }
        return null;
    }

    static int intParam(ApiRequest r, String name, int def) throws ApiException {
        String v = r.queryParam(name);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw ApiException.badRequest(name + " must be 1 or more");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number");
        }
    }
}
