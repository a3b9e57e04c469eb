package io.osprey.bench.jmh;

import io.osprey.api.ClientInfo;

/** A connected client as hooks see it: fixed values, so that hook benchmarks measure dispatch. */
record BenchClient(String clientId, String username) implements ClientInfo {

    @Override
    public String peerHost() {
        return "127.0.0.1";
    }

    @Override
    public int peerPort() {
        return 40000;
    }

    @Override
    public String listener() {
        return "tcp";
    }

    @Override
    public int protocolVersion() {
        return 4;
    }

    @Override
    public boolean isBridge() {
        return false;
    }

    @Override
    public int keepAlive() {
        return 60;
    }

    @Override
    public boolean cleanStart() {
        return true;
    }

    @Override
    public long connectedAt() {
        return 1L;
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
