package io.osprey.broker.admin;

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
import io.osprey.broker.Broker;

/**
 * {@code ctl status}, {@code ctl broker [stats|metrics]}, and {@code /api/v4/status}, {@code /api/v4/brokers},
 * {@code /api/v4/stats}, {@code /api/v4/metrics}.
 */
public final class BrokerAdmin implements ApiResource {

    private final Broker broker;

    public BrokerAdmin(Broker broker) {
        this.broker = broker;
    }

    Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", broker.nodeName());
        m.put("node_status", "Running");
        m.put("version", broker.version());
        m.put("sysdescr", "Osprey MQTT broker");
        m.put("uptime", uptime());
        m.put("datetime", Views.time(System.currentTimeMillis()));
        m.put("otp_release", "Java " + Runtime.version());
        m.put("connections", broker.sessions().onlineCount());
        return m;
    }

    private String uptime() {
        long s = (System.currentTimeMillis() - broker.startedAt()) / 1000;
        return String.format("%d days, %d hours, %d minutes, %d seconds", s / 86400, (s % 86400) / 3600,
                (s % 3600) / 60, s % 60);
    }

    /** {@code ctl status}. */
    public Command statusCommand() {
        return new Command() {
            @Override
            public String name() {
                return "status";
            }

            @Override
            public List<String> usage() {
                return List.of("status                          Show whether the node is running");
            }

            @Override
            public CommandResult execute(List<String> args) {
                String text = "Node '" + broker.nodeName() + "' is started\nosprey " + broker.version()
                        + " is running\n";
                return CommandResult.of(text, info());
            }
        };
    }

    /** {@code ctl broker}, {@code ctl broker stats}, {@code ctl broker metrics}. */
    public Command brokerCommand() {
        return new Command() {
            @Override
            public String name() {
                return "broker";
            }

            @Override
            public List<String> usage() {
                return List.of(
                        "broker                          Show node name, version, uptime",
                        "broker stats                    Show connection, session, subscription… counts",
                        "broker metrics                  Show packet, message and byte counters");
            }

            @Override
            public CommandResult execute(List<String> args) throws CommandException {
                String sub = args.isEmpty() ? "" : args.get(0);
                return switch (sub) {
                    case "" -> keyValues(info());
                    case "stats" -> keyValues(new LinkedHashMap<>(broker.stats().snapshot()));
                    case "metrics" -> keyValues(new LinkedHashMap<>(broker.metrics().snapshot()));
                    default -> throw new CommandException("Unknown command: broker " + sub + "\n"
                            + String.join("\n", usage()));
                };
            }
        };
    }

    static CommandResult keyValues(Map<String, ?> values) {
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(10);
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(String.format("%-" + width + "s : %s%n", k, v)));
        return CommandResult.of(b.toString(), values);
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/status", r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("node", broker.nodeName());
                    m.put("status", "running");
                    m.put("version", broker.version());
                    return m;
                }),
                ApiRoute.get("/api/v4/brokers", r -> List.of(info())),
                ApiRoute.get("/api/v4/brokers/{node}", this::brokerOf),
                ApiRoute.get("/api/v4/stats", r -> List.of(Map.of("node", broker.nodeName(),
                        "stats", broker.stats().snapshot()))),
                ApiRoute.get("/api/v4/metrics", r -> List.of(Map.of("node", broker.nodeName(),
                        "metrics", broker.metrics().snapshot()))));
    }

    private Object brokerOf(ApiRequest r) throws ApiException {
        if (!broker.nodeName().equals(r.pathParam("node"))) {
            throw ApiException.notFound("Node " + r.pathParam("node") + " is not known");
        }
        return info();
    }
}
