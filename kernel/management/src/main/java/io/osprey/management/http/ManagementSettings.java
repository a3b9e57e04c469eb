package io.osprey.management.http;

import java.net.InetSocketAddress;
import java.util.List;

import io.osprey.api.config.ConfigReader;

/**
 * {@code etc/osprey.management.cfg}: where the HTTP API listens and its credentials.
 *
 * @param bind         {@code 127.0.0.1:8081} by default: management stays on loopback unless an admin opens it
 * @param username     HTTP Basic user ({@code admin})
 * @param password     HTTP Basic password; while it is the default {@code public}, Basic credentials serve read-only
 *                     requests only (and a warning is logged)
 * @param maxBodySize  larger request bodies are refused (413) before they are read
 * @param allowedHosts host names the API may be reached by besides its address ({@code Host} header check)
 */
public record ManagementSettings(InetSocketAddress bind, String username, String password, int maxBodySize,
                                 List<String> allowedHosts) {

    public static final String DEFAULT_USER = "admin";
    public static final String DEFAULT_PASSWORD = "public";

    public static ManagementSettings read(ConfigReader r) {
        return new ManagementSettings(
                r.hostPort("bind", "127.0.0.1:8081"),
                r.string("username", DEFAULT_USER),
                r.string("password", DEFAULT_PASSWORD),
                (int) r.bytes("max_body_size", "2MB", 1024, 256L * 1024 * 1024),
                r.list("allowed_hosts", ""));
    }

    /** The password is still {@code public}, whatever the user name: only read-only requests are served. */
    public boolean usesDefaultPassword() {
        return DEFAULT_PASSWORD.equals(password);
    }

    public String bindText() {
        String host = bind.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + bind.getPort();
    }
}
