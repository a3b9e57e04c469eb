package io.osprey.plugin.mqttbridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.osprey.api.config.ConfigReader;

/**
 * How the bridge connects to the remote broker (EMQX's {@code bridge.mqtt.<name>.*} keys): everything that, when
 * changed, needs a new connection.
 *
 * @param protocolLevel     3 (MQTT 3.1, {@code mqttv3}), 4 (3.1.1, {@code mqttv4}) or 5 ({@code mqttv5})
 * @param sessionExpiry     MQTT 5, with {@code clean_start = false}: how long the remote keeps the session
 * @param bridgeMode        set the bridge bit of the protocol version (3.1/3.1.1), so that a Mosquitto remote
 *                          sends nothing back that this bridge published (its "No Local" for old versions)
 * @param retryInterval     a QoS 1/2 message not acknowledged this long means the connection is broken: it is
 *                          closed and opened again, and the messages are sent again (as MQTT requires, only on a
 *                          new connection)
 * @param maxInflight       QoS 1/2 messages sent and not acknowledged, at most; also the Receive Maximum (MQTT 5)
 *                          and the number of remote messages being published locally at once
 * @param maxPacketSize     the largest packet accepted from the remote broker
 */
public record ConnectSettings(String host, int port, int protocolLevel, String clientId, String username,
                              String password, boolean cleanStart, Duration keepAlive, Duration sessionExpiry,
                              boolean bridgeMode, Duration reconnectInterval, Duration retryInterval,
                              int maxInflight, int maxPacketSize, ClientTls tls, List<Subscription> subscriptions) {

    static ConnectSettings read(ConfigReader r, Path home, String name) {
        String address = r.string("address", "127.0.0.1:1883");
        String host = "127.0.0.1";
        int port = 1883;
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || !address.substring(colon + 1).matches("\\d{1,5}")
                || Integer.parseInt(address.substring(colon + 1)) > 65535) {
            r.error("address", address, "host:port of the remote broker, such as broker.example.com:8883");
        } else {
            host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            port = Integer.parseInt(address.substring(colon + 1));
        }
        String ver = r.oneOf("proto_ver", "mqttv4", "mqttv3", "mqttv4", "mqttv5");
        int level = switch (ver) {
            case "mqttv3" -> 3;
            case "mqttv5" -> 5;
            default -> 4;
        };
        String clientId = r.string("clientid", "bridge_" + name);
        if (clientId.isEmpty() || clientId.length() > 65535) {
            r.error("clientid", clientId, "a client id of 1 to 65535 characters");
            clientId = "bridge_" + name;
        }
        String username = r.string("username", null);
        String password = r.string("password", null);
        boolean cleanStart = r.bool("clean_start", true);
        Duration keepAlive = r.duration("keepalive", "60s");
        if (keepAlive.toSeconds() > 65535) {
            r.error("keepalive", keepAlive.toString(), "at most 65535 seconds (0: no keep alive)");
            keepAlive = Duration.ofSeconds(60);
        }
        Duration expiry = r.duration("session_expiry_interval", "2h");
        boolean bridgeMode = r.bool("bridge_mode", false);
        Duration reconnect = positive(r, "reconnect_interval", "5s");
        Duration retry = positive(r, "retry_interval", "20s");
        int inflight = r.integer("max_inflight", 1000, 1, 65535);
        int maxPacket = (int) r.bytes("max_packet_size", "1MB", 1024, 268_435_455);
        ClientTls tls = ClientTls.read(r, home);
        List<Subscription> subscriptions = subscriptions(r);
        return new ConnectSettings(host, port, level, clientId, username, password, cleanStart, keepAlive, expiry,
                bridgeMode, reconnect, retry, inflight, maxPacket, tls, subscriptions);
    }

    private static List<Subscription> subscriptions(ConfigReader r) {
        java.util.Map<String, String> group = r.group("subscription.");
        java.util.TreeMap<Integer, Subscription> byNumber = new java.util.TreeMap<>();
        for (String key : group.keySet()) {
            int dot = key.indexOf('.');
            if (dot < 0 || !key.substring(0, dot).matches("\\d{1,4}")
                    || !List.of("topic", "qos").contains(key.substring(dot + 1))) {
                r.error("subscription." + key, group.get(key), "subscription.<n>.topic or subscription.<n>.qos");
                continue;
            }
            int n = Integer.parseInt(key.substring(0, dot));
            if (byNumber.containsKey(n) || !key.endsWith(".topic")) {
                continue;
            }
            String topic = group.get(key);
            String filter = topic.startsWith("$share/") ? topic.substring(topic.indexOf('/', 7) + 1) : topic;
            if (topic.startsWith("$share/") && topic.indexOf('/', 7) < 0 || !io.osprey.api.Topic.isValidFilter(filter)) {
                r.error("subscription." + key, topic, "an MQTT topic filter (a $share/<group>/ prefix is allowed)");
                continue;
            }
            int qos = r.integer("subscription." + n + ".qos", 1, 0, 2);
            byNumber.put(n, new Subscription(topic, qos));
        }
        return List.copyOf(byNumber.values());
    }

    private static Duration positive(ConfigReader r, String key, String def) {
        Duration d = r.duration(key, def);
        if (d.isZero()) {
            r.error(key, "0", "a duration above 0, such as " + def);
            return ConfigReader.parseDuration(def);
        }
        return d;
    }

    /** {@code host:port}, as configured. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        // never print the password
        return "ConnectSettings{address=" + address() + ", proto=" + protocolLevel + ", clientId=" + clientId
                + ", username=" + username + ", tls=" + tls + ", subscriptions=" + subscriptions + '}';
    }
}
