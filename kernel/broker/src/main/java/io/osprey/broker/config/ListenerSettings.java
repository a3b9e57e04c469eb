package io.osprey.broker.config;

import java.net.InetSocketAddress;

import io.osprey.api.config.ConfigReader;

/**
 * An immutable snapshot of one listener's factory configuration, {@code etc/osprey.listener-<name>.cfg}.
 * Changing {@code bind} rebinds the listener; other values apply to new connections.
 *
 * @param name           the listener name: the part of the file name after {@code listener-}
 * @param type           {@code tcp} (more transports: see the transports issue)
 * @param bind           address and port to listen on
 * @param maxConnections connections accepted at most at once (more are closed at once)
 * @param backlog        the TCP accept queue length
 */
public record ListenerSettings(String name, String type, InetSocketAddress bind, int maxConnections, int backlog,
                               boolean tcpNoDelay) {

    public static ListenerSettings read(ConfigReader r, String defaultName) {
        String name = r.string("name", r.name().startsWith("listener-") ? r.name().substring(9) : defaultName);
        return new ListenerSettings(
                name,
                r.oneOf("type", "tcp", "tcp"),
                r.hostPort("bind", "0.0.0.0:1883"),
                r.integer("max_connections", 1_024_000, 1, Integer.MAX_VALUE),
                r.integer("backlog", 1024, 1, 65535),
                r.bool("tcp_nodelay", true));
    }

    /** Where the listener is bound, as printed in logs: {@code 0.0.0.0:1883}. */
    public String bindText() {
        String host = bind.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + bind.getPort();
    }
}
