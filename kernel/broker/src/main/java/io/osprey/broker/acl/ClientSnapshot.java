package io.osprey.broker.acl;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;

/**
 * What the ACL needs to know of a client after its connection is gone: a copy taken when its CONNECT was accepted,
 * kept with its will so that the will is checked against the rules in force when it is published (which may be
 * long after the socket closed, with a Will Delay Interval).
 */
public record ClientSnapshot(String clientId, String username, String peerHost, int peerPort, String listener,
                             int protocolVersion, boolean isBridge, int keepAlive, boolean cleanStart,
                             long connectedAt, boolean isSuperuser, String peerCertCommonName) implements ClientInfo {

    public static ClientSnapshot of(ClientInfo c) {
        return new ClientSnapshot(c.clientId(), c.username(), c.peerHost(), c.peerPort(), c.listener(),
                c.protocolVersion(), c.isBridge(), c.keepAlive(), c.cleanStart(), c.connectedAt(), c.isSuperuser(),
                c.peerCertCommonName());
    }

    /**
     * A will restored from the store after a restart knows only its client id and user name: no address, not a
     * superuser, not a bridge, so rules that need more do not grant it anything.
     */
    public static ClientSnapshot ofWill(Message will) {
        return new ClientSnapshot(will.fromClientId(), will.fromUsername(), "", 0, "", 4, false, 0, false, 0, false,
                null);
    }
}
