package io.osprey.broker.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.ClientInfo;
import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.Broker;
import io.osprey.broker.session.Session;

/**
 * {@code ctl sessions list|show|clean} and {@code /api/v4/sessions}: every session, including the persistent ones
 * whose clients are offline (which {@code ctl clients} does not show), with what is queued for them.
 */
public final class SessionsAdmin implements Command, ApiResource {

    private final Broker broker;

    public SessionsAdmin(Broker broker) {
        this.broker = broker;
    }

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "sessions list                   List all sessions, online and offline",
                "sessions show <ClientId>        Show a session",
                "sessions clean <ClientId>       Discard a session and its queued messages (disconnects its client)");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "list" : args.get(0);
        switch (sub) {
            case "list" -> {
                List<Map<String, Object>> all = all();
                List<List<?>> rows = new ArrayList<>();
                for (Map<String, Object> m : all) {
                    rows.add(List.of(m.get("clientid"), m.get("connected"), m.get("subscriptions_cnt"),
                            m.get("mqueue_len"), m.get("inflight"), m.get("expiry_interval")));
                }
                return CommandResult.table(List.of("CLIENTID", "CONNECTED", "SUBSCRIPTIONS", "MQUEUE", "INFLIGHT",
                        "EXPIRY"), rows, all);
            }
            case "show" -> {
                String id = SubscriptionsAdmin.need(args, 2, "sessions show <ClientId>").get(1);
                Map<String, Object> m = one(id);
                if (m == null) {
                    throw new CommandException("No session " + id);
                }
                StringBuilder b = new StringBuilder();
                m.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
                return CommandResult.of(b.toString(), m);
            }
            case "clean" -> {
                String id = SubscriptionsAdmin.need(args, 2, "sessions clean <ClientId>").get(1);
                if (!broker.sessions().discard(id)) {
                    throw new CommandException("No session " + id);
                }
                return CommandResult.text("ok");
            }
            default -> throw new CommandException("Unknown command: sessions " + sub + "\n"
                    + String.join("\n", usage()));
        }
    }

    private List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        broker.sessions().forEach(s -> out.add(view(s)));
        out.sort(Comparator.comparing(m -> String.valueOf(m.get("clientid"))));
        return out;
    }

    private Map<String, Object> one(String clientId) {
        Session s = broker.sessions().get(clientId);
        return s == null ? null : view(s);
    }

    private Map<String, Object> view(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        ClientInfo c = s.lastClient();
        int[] sizes = s.sizes();
        m.put("node", broker.nodeName());
        m.put("clientid", s.clientId());
        m.put("username", c == null ? null : c.username());
        m.put("connected", s.isOnline());
        m.put("persistent", s.isPersistent());
        m.put("created_at", Times.format(s.createdAt()));
        m.put("disconnected_at", s.isOnline() || s.disconnectedAt() == 0 ? null : Times.format(s.disconnectedAt()));
        m.put("expiry_interval", s.expiryIntervalSeconds());
        m.put("subscriptions_cnt", s.subscriptions().size());
        m.put("inflight", sizes[0]);
        m.put("mqueue_len", sizes[1]);
        m.put("awaiting_rel", sizes[2]);
        return m;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/sessions", r -> SubscriptionsAdmin.page(r, all())),
                ApiRoute.get("/api/v4/sessions/{clientid}", this::show),
                ApiRoute.delete("/api/v4/sessions/{clientid}", this::clean));
    }

    private Object show(ApiRequest r) throws ApiException {
        Map<String, Object> m = one(r.pathParam("clientid"));
        if (m == null) {
            throw ApiException.notFound("No session " + r.pathParam("clientid"));
        }
        return List.of(m);
    }

    private Object clean(ApiRequest r) throws ApiException {
        if (!broker.sessions().discard(r.pathParam("clientid"))) {
            throw ApiException.notFound("No session " + r.pathParam("clientid"));
        }
        return null;
    }
}
