package io.osprey.broker.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.Subscription;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiPage;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.api.service.SubscriptionService;
import io.osprey.broker.Broker;

/** {@code ctl subscriptions …}, {@code ctl routes …}, {@code /api/v4/subscriptions}, {@code /api/v4/routes}. */
public final class SubscriptionsAdmin implements Command, ApiResource {

    private final Broker broker;
    private final SubscriptionService subscriptions;

    public SubscriptionsAdmin(Broker broker, SubscriptionService subscriptions) {
        this.broker = broker;
        this.subscriptions = subscriptions;
    }

    @Override
    public String name() {
        return "subscriptions";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "subscriptions list                        List all subscriptions",
                "subscriptions show <ClientId>             Show the subscriptions of a session",
                "subscriptions add <ClientId> <Topic> <QoS> Add a subscription to a session",
                "subscriptions del <ClientId> <Topic>      Remove a subscription");
    }

    private List<Map<String, Object>> all(String onlyClient) {
        List<Map<String, Object>> out = new ArrayList<>();
        broker.sessions().forEach(s -> {
            if (onlyClient == null || onlyClient.equals(s.clientId())) {
                for (Subscription sub : s.subscriptionList()) {
                    out.add(view(sub));
                }
            }
        });
        out.sort((a, b) -> (a.get("clientid") + " " + a.get("topic")).compareTo(b.get("clientid") + " "
                + b.get("topic")));
        return out;
    }

    private Map<String, Object> view(Subscription sub) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", broker.nodeName());
        m.put("clientid", sub.clientId());
        m.put("topic", sub.topicFilter());
        m.put("qos", sub.options().qos());
        m.put("nl", sub.options().noLocal() ? 1 : 0);
        m.put("rap", sub.options().retainAsPublished() ? 1 : 0);
        m.put("rh", sub.options().retainHandling());
        return m;
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "list" : args.get(0);
        switch (sub) {
            case "list", "show" -> {
                String client = sub.equals("show") ? need(args, 2, "subscriptions show <ClientId>").get(1) : null;
                List<Map<String, Object>> all = all(client);
                List<List<?>> rows = new ArrayList<>();
                for (Map<String, Object> m : all) {
                    rows.add(List.of(m.get("clientid"), m.get("topic"), m.get("qos")));
                }
                return CommandResult.table(List.of("CLIENTID", "TOPIC", "QOS"), rows, all);
            }
            case "add" -> {
                List<String> a = need(args, 4, "subscriptions add <ClientId> <Topic> <QoS>");
                int qos;
                try {
                    qos = Integer.parseInt(a.get(3));
                } catch (NumberFormatException e) {
                    qos = -1;
                }
                if (qos < 0 || qos > 2) {
                    throw new CommandException("QoS must be 0, 1 or 2");
                }
                if (!subscriptions.subscribe(a.get(1), a.get(2), SubscriptionOptions.ofQos(qos))) {
                    throw new CommandException("No session " + a.get(1) + ", or invalid topic filter " + a.get(2));
                }
                return CommandResult.text("ok");
            }
            case "del" -> {
                List<String> a = need(args, 3, "subscriptions del <ClientId> <Topic>");
                if (!subscriptions.unsubscribe(a.get(1), a.get(2))) {
                    throw new CommandException("No subscription " + a.get(2) + " for " + a.get(1));
                }
                return CommandResult.text("ok");
            }
            default -> throw new CommandException("Unknown command: subscriptions " + sub + "\n"
                    + String.join("\n", usage()));
        }
    }

    static List<String> need(List<String> args, int n, String usage) throws CommandException {
        if (args.size() < n) {
            throw new CommandException("Usage: " + usage);
        }
        return args;
    }

    /** {@code ctl routes list|show <Topic>}. */
    public Command routesCommand() {
        return new Command() {
            @Override
            public String name() {
                return "routes";
            }

            @Override
            public List<String> usage() {
                return List.of(
                        "routes list                     List topic filters that have subscribers",
                        "routes show <Topic>             Show the filters a topic would be routed to");
            }

            @Override
            public CommandResult execute(List<String> args) throws CommandException {
                String sub = args.isEmpty() ? "list" : args.get(0);
                if (sub.equals("list")) {
                    List<Map<String, Object>> data = routeList();
                    List<List<?>> rows = new ArrayList<>();
                    data.forEach(m -> rows.add(List.of(m.get("topic"), m.get("node"), m.get("subscribers"))));
                    return CommandResult.table(List.of("TOPIC", "NODE", "SUBSCRIBERS"), rows, data);
                }
                if (sub.equals("show")) {
                    String topic = need(args, 2, "routes show <Topic>").get(1);
                    List<String> filters = broker.router().matchingFilters(topic);
                    StringBuilder b = new StringBuilder();
                    filters.forEach(f -> b.append(f).append(" -> ").append(broker.nodeName()).append('\n'));
                    return CommandResult.of(b.toString(), filters);
                }
                throw new CommandException("Unknown command: routes " + sub + "\n" + String.join("\n", usage()));
            }
        };
    }

    private List<Map<String, Object>> routeList() {
        List<Map<String, Object>> out = new ArrayList<>();
        broker.router().routes().forEach((filter, n) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", filter);
            m.put("node", broker.nodeName());
            m.put("subscribers", n);
            out.add(m);
        });
        return out;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/subscriptions", r -> page(r, all(r.queryParam("clientid")))),
                ApiRoute.get("/api/v4/subscriptions/{clientid}", r -> List.of(Map.of("node", broker.nodeName(),
                        "subscriptions", all(r.pathParam("clientid"))))),
                ApiRoute.get("/api/v4/routes", r -> page(r, routeList())),
                ApiRoute.get("/api/v4/routes/{topic}", r -> broker.router().matchingFilters(r.pathParam("topic"))
                        .stream().map(f -> Map.of("topic", f, "node", broker.nodeName())).toList()));
    }

    static Object page(ApiRequest r, List<Map<String, Object>> all) throws ApiException {
        int page = ClientsAdmin.intParam(r, "_page", 1);
        int limit = ClientsAdmin.intParam(r, "_limit", 10000);
        int from = Math.min(all.size(), (page - 1) * limit);
        return new ApiPage(all.subList(from, Math.min(all.size(), from + limit)), page, limit, all.size());
    }
}
