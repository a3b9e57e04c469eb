package io.osprey.broker.session;

import io.osprey.api.ClientInfo;

/**
 * What is known of a session's last client after a restart, until it connects again: its id, user name and protocol
 * version (from the stored record). Hooks that run for an offline session (for example on its expiry) see this.
 */
record RestoredClient(String clientId, String username, int protocolVersion) implements ClientInfo {

    @Override
    public String peerHost() {
        return "";
    }

    @Override
    public int peerPort() {
        return 0;
    }

    @Override
    public String listener() {
        return "";
    }

    @Override
    public boolean isBridge() {
        return false;
    }

    @Override
    public int keepAlive() {
        return 0;
    }

    @Override
    public boolean cleanStart() {
        return false;
    }

    @Override
    public long connectedAt() {
        return 0;
    }

    @Override
    public boolean isSuperuser() {
        return false;
    }

    @Override
    public String peerCertCommonName() {
        return null;
    }
}
