package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The common ways a connection ends, each produced by a real socket and counted under its reason in the listener's
 * {@code shutdown_count} (what {@code ctl listeners} shows). The rarer reasons are produced where their feature is
 * tested: banned (OperationsIT), not_authorized and idle_timeout (ConnectRulesIT), takenover (SessionRulesIT),
 * rate_limited, send_timeout, max_connections, access_denied (ListenersIT), tls_error (TlsIT), kicked (node ITs).
 */
class ShutdownReasonsIT {

    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    @DisplayName("normal: the client sent DISCONNECT")
    void disconnect_isNormal() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("polite").bytes())) {
            r.send(P.disconnect());
            r.expectClosed();
        }
        broker.awaitShutdownCount("normal", 1);
        assertNoOther("normal");
    }

    @Test
    @DisplayName("shutdown: listener stopped, then the engine; DISCONNECT 0x8B is sent and the I/O threads are done "
            + "before stop() returns")
    void nodeShutdown_disconnects_andIoThreadsFinishBeforeTheStoreCloses() throws Exception {
        try (Raw r = Raw.connected5(broker.port(), P.connect(5).clientId("leaving").props(P.noProps()).bytes())) {
            io.osprey.broker.listener.IoLoops loops = broker.broker().loops();
            // the order of a node shutdown: each listener component stops first, then the engine
            broker.broker().stopListener("tcp", true);
            broker.broker().stop();
            // the sessions' last tasks ran before the store closed (the process may exit right after stop())
            assertThat(loops.workers().isTerminated()).isTrue();
            r.expectDisconnect5(0x8B);
        }
    }

    @Test
    @DisplayName("closed: the TCP connection ended without DISCONNECT")
    void socketClosed_isClosed() throws Exception {
        Raw r = Raw.connected(broker.port(), P.connect(4).clientId("abrupt").bytes());
        r.close();
        broker.awaitShutdownCount("closed", 1);
        assertNoOther("closed");
    }

    @Test
    @DisplayName("keepalive_timeout: nothing received for 1.5 × the keep-alive interval")
    void silentClient_isKeepaliveTimeout() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("silent").keepAlive(1).bytes())) {
            r.expectClosed();
        }
        broker.awaitShutdownCount("keepalive_timeout", 1);
        assertNoOther("keepalive_timeout");
    }

    @Test
    @DisplayName("duplicate_connect: a second CONNECT on the same connection")
    void secondConnect_isDuplicateConnect() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("twice").bytes())) {
            r.send(P.connect(4).clientId("twice").bytes());
            r.expectClosed();
        }
        broker.awaitShutdownCount("duplicate_connect", 1);
        assertNoOther("duplicate_connect");
    }

    @Test
    @DisplayName("protocol_error: a malformed packet")
    void malformedPacket_isProtocolError() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("garbled").bytes())) {
            r.send(P.hex("82 02 00 01")); // SUBSCRIBE without a single topic filter
            r.expectClosed();
        }
        broker.awaitShutdownCount("protocol_error", 1);
        assertNoOther("protocol_error");
    }

    /** Each connection ends once, under one reason. */
    private void assertNoOther(String reason) {
        var counts = broker.shutdownCounts();
        org.assertj.core.api.Assertions.assertThat(counts).as("shutdown counts").containsOnlyKeys(reason);
    }
}
