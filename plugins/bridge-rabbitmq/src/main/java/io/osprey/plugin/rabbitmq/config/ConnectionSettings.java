package io.osprey.plugin.rabbitmq.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.tls.TlsSettings;

/**
 * How the bridge connects to RabbitMQ: everything that, when changed, needs a new connection.
 *
 * @param servers           host:port of RabbitMQ nodes, tried in order (failover)
 * @param poolSize          AMQP channels of the connection that sync-mode publishes are spread over (RabbitMQ runs
 *                          each channel in its own process, so more channels take more confirms at once); the
 *                          replay of the disk buffer always uses one channel, to keep order
 * @param reconnectInterval pause between attempts while RabbitMQ is unreachable (automatic connection recovery)
 * @param maxInflight       records of the disk buffer published and not confirmed yet, at most
 */
public record ConnectionSettings(List<String> servers, String username, String password, String virtualHost,
                                 Duration heartbeat, int poolSize, Duration connectTimeout,
                                 Duration reconnectInterval, int maxInflight, TlsSettings tls) {

    static ConnectionSettings read(ConfigReader r, Path home) {
        List<String> servers = r.list("server", "127.0.0.1:5672");
        if (servers.isEmpty()) {
            r.error("server", "", "host:port of RabbitMQ, such as 127.0.0.1:5672 (several separated by commas)");
        }
        for (String s : servers) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || !s.substring(colon + 1).matches("\\d{1,5}")) {
                r.error("server", String.join(",", servers), "host:port items, such as 10.0.0.1:5672; not " + s);
                break;
            }
        }
        String user = r.string("username", "guest");
        String password = r.string("password", "guest");
        String vhost = r.string("virtual_host", "/");
        Duration heartbeat = r.duration("heartbeat", "30s");
        int pool = r.integer("pool_size", 4, 1, 64);
        Duration connect = r.duration("connect_timeout", "5s");
        if (connect.isZero()) {
            r.error("connect_timeout", "0", "a duration above 0, such as 5s");
            connect = Duration.ofSeconds(5);
        }
        Duration reconnect = r.duration("reconnect_interval", "2s");
        if (reconnect.isZero()) {
            r.error("reconnect_interval", "0", "a duration above 0, such as 2s");
            reconnect = Duration.ofSeconds(2);
        }
        int inflight = r.integer("max_inflight", 2000, 1, 1_000_000);
        TlsSettings tls = TlsSettings.read(r, home);
        return new ConnectionSettings(List.copyOf(servers), user, password, vhost, heartbeat, pool, connect, reconnect,
                inflight, tls);
    }

    @Override
    public String toString() {
        // never print the password
        return "ConnectionSettings{servers=" + servers + ", username=" + username + ", virtualHost=" + virtualHost
                + ", tls=" + tls + '}';
    }
}
