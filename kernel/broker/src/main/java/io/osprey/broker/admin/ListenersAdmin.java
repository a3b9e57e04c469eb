package io.osprey.broker.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.Broker;
import io.osprey.broker.listener.MqttListener;

/** {@code ctl listeners} and {@code /api/v4/listeners}: bind, connections now and at most, shutdowns by reason. */
public final class ListenersAdmin implements Command, ApiResource {

    private final Broker broker;

    public ListenersAdmin(Broker broker) {
        this.broker = broker;
    }

    @Override
    public String name() {
        return "listeners";
    }

    @Override
    public List<String> usage() {
        return List.of("listeners                       Show listeners: bind, connections, shutdown counts, TLS handshakes");
    }

    List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MqttListener l : broker.listeners()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("listener", l.settings().name());
            m.put("protocol", "mqtt:" + l.settings().type());
            m.put("identifier", "mqtt:" + l.settings().name());
            m.put("listen_on", l.settings().bindText());
            m.put("running", l.isRunning());
            m.put("type", l.settings().type());
            m.put("tls", l.tlsProvider());
            m.put("current_conns", l.connectionCount());
            m.put("max_conns", l.settings().maxConnections());
            m.put("shutdown_count", l.context().stats().shutdownCounts());
            if (!"none".equals(l.tlsProvider())) {
                m.put("tls_handshakes", l.context().stats().tlsHandshakes());
                if ("openssl".equals(l.tlsProvider())) {
                    // only OpenSSL tells whether a handshake resumed a session
                    m.put("tls_resumed", l.context().stats().tlsResumed());
                }
            }
            out.add(m);
        }
        return out;
    }

    @Override
    public CommandResult execute(List<String> args) {
        List<Map<String, Object>> all = all();
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> m : all) {
            b.append(m.get("identifier")).append('\n');
            b.append(String.format("  %-16s: %s%n", "listen_on", m.get("listen_on")));
            b.append(String.format("  %-16s: %s%n", "running", m.get("running")));
            b.append(String.format("  %-16s: %s%n", "transport", m.get("type") + ("none".equals(m.get("tls")) ? ""
                    : ", tls=" + m.get("tls"))));
            b.append(String.format("  %-16s: %s%n", "max_conns", m.get("max_conns")));
            b.append(String.format("  %-16s: %s%n", "current_conn", m.get("current_conns")));
            b.append(String.format("  %-16s: %s%n", "shutdown_count", m.get("shutdown_count")));
            if (m.containsKey("tls_handshakes")) {
                b.append(String.format("  %-16s: %s%s%n", "tls_handshakes", m.get("tls_handshakes"),
                        m.containsKey("tls_resumed") ? " (" + m.get("tls_resumed") + " resumed)" : ""));
            }
        }
        return CommandResult.of(b.toString(), all);
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/v4/listeners", r -> List.of(Map.of("node", broker.nodeName(),
                "listeners", all()))));
    }
}
