package io.osprey.management.http;

import java.net.InetSocketAddress;

import io.osprey.api.config.ConfigReader;

/**
 * {@code etc/osprey.management.cfg}: where the HTTP API listens and its credentials.
 *
 * @param bind     {@code 127.0.0.1:8081} by default: management stays on loopback unless an admin opens it
 * @param username HTTP Basic user ({@code admin})
 * @param password HTTP Basic password ({@code public}; a warning is logged while it is the default)
 */
public record ManagementSettings(InetSocketAddress bind, String username, String password, int maxBodySize) {

    public static final String DEFAULT_USER = "admin";
    public static final String DEFAULT_PASSWORD = "public";

    public static ManagementSettings read(ConfigReader r) {
        return new ManagementSettings(
                r.hostPort("bind", "127.0.0.1:8081"),
                r.string("username", DEFAULT_USER),
                r.string("password", DEFAULT_PASSWORD),
                (int) r.bytes("max_body_size", "8MB", 1024, 256L * 1024 * 1024));
    }

    public boolean usesDefaultCredentials() {
        return DEFAULT_USER.equals(username) && DEFAULT_PASSWORD.equals(password);
    }

    public String bindText() {
        String host = bind.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + bind.getPort();
    }
}
