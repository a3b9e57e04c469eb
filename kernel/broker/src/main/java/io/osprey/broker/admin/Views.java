package io.osprey.broker.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.osprey.api.ClientInfo;
import io.osprey.broker.session.Session;

/** How the admin API and {@code ctl} show things: EMQX v4's field names, so that existing scripts keep working. */
final class Views {



    private Views() {
    }

    static Map<String, Object> client(String node, ClientInfo c, Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("clientid", c.clientId());
        m.put("username", c.username());
        m.put("ip_address", c.peerHost());
        m.put("port", c.peerPort());
        m.put("listener", c.listener());
        m.put("proto_name", c.protocolName());
        m.put("proto_ver", c.protocolVersion());
        m.put("keepalive", c.keepAlive());
        m.put("clean_start", c.cleanStart());
        m.put("is_bridge", c.isBridge());
        m.put("is_superuser", c.isSuperuser());
        m.put("connected", true);
        m.put("connected_at", time(c.connectedAt()));
        if (s != null) {
            int[] sizes = s.sizes();
            m.put("created_at", time(s.createdAt()));
            m.put("expiry_interval", s.expiryIntervalSeconds());
            m.put("subscriptions_cnt", s.subscriptions().size());
            m.put("inflight", sizes[0]);
            m.put("mqueue_len", sizes[1]);
            m.put("awaiting_rel", sizes[2]);
        }
        return m;
    }

    static String time(long epochMillis) {
        return Times.format(epochMillis);
    }
}
