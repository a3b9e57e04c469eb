package io.osprey.backend.auth;

import io.osprey.backend.Vars;

/**
 * What authentication and ACL queries may bind, copied from the connecting client (the broker's objects belong to
 * its I/O thread).
 */
public record Credentials(String clientId, String username, String peerHost, String certCn, byte[] password)
        implements Vars {

    @Override
    public Object value(String name) {
        return switch (name) {
            case "clientid" -> clientId;
            case "username" -> username;
            case "peerhost" -> peerHost;
            case "certcn" -> certCn;
            default -> null;
        };
    }
}
