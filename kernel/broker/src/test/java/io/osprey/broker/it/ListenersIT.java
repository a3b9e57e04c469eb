package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.session.Outlet;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** WebSocket, PROXY protocol, and the per-listener limits, each observed with real sockets and clients. */
class ListenersIT {

    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    @DisplayName("ws: MQTT over WebSocket on /mqtt with a real client (Paho)")
    void webSocket() throws Exception {
        MqttListener ws = broker.listen("ws", "type", "ws");
        String uri = "ws://127.0.0.1:" + ws.boundPort() + "/mqtt";
        try (var sub = new Clients.V3(uri, "ws-sub", new MqttConnectOptions());
             var pub = new Clients.V3(uri, "ws-pub", new MqttConnectOptions())) {
            sub.subscribe("ws/t", 1);
            pub.publish("ws/t", "over-websocket", 1, false);
            assertThat(sub.next().payload()).isEqualTo("over-websocket");
        }
    }

    @Test
    @DisplayName("wss: MQTT over secure WebSocket")
    void secureWebSocket() throws Exception {
        MqttListener wss = broker.listen("wss", "type", "wss", "keyfile", "certs/key.pem", "certfile",
                "certs/cert.pem");
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(TlsIT.clientContext(null).getSocketFactory());
        o.setHttpsHostnameVerificationEnabled(false);
        try (var c = new Clients.V3("wss://127.0.0.1:" + wss.boundPort() + "/mqtt", "wss-c", o)) {
            c.subscribe("wss/t", 0);
            c.publish("wss/t", "secure-ws", 0, false);
            assertThat(c.next().payload()).isEqualTo("secure-ws");
        }
    }

    static byte[] proxyV1(String src, int port) {
        return ("PROXY TCP4 " + src + " 127.0.0.1 " + port + " 1883\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] proxyV2(int[] src, int port) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.write(0x21); // version 2, PROXY
        b.write(0x11); // TCP over IPv4
        b.write(0);
        b.write(12);
        for (int x : src) {
            b.write(x);
        }
        b.writeBytes(new byte[] {127, 0, 0, 1});
        b.write(port >> 8);
        b.write(port & 0xFF);
        b.write(1883 >> 8);
        b.write(1883 & 0xFF);
        return b.toByteArray();
    }

    @Test
    @DisplayName("proxy_protocol = on: the address from a PROXY v1 or v2 header is the client's address")
    void proxyProtocol_v1AndV2() throws Exception {
        MqttListener l = broker.listen("proxied", "proxy_protocol", "on");
        try (Raw r = Raw.open(l.boundPort())) {
            r.send(proxyV1("203.0.113.7", 51000), P.connect(4).clientId("behind-lb-1").bytes());
            r.expect(P.connack(false, 0));
            Outlet o = broker.broker().sessions().connectionOf("behind-lb-1");
            assertThat(o.client().peerHost()).isEqualTo("203.0.113.7");
            assertThat(o.client().peerPort()).isEqualTo(51000);
        }
        try (Raw r = Raw.open(l.boundPort())) {
            r.send(proxyV2(new int[] {198, 51, 100, 9}, 40000), P.connect(4).clientId("behind-lb-2").bytes());
            r.expect(P.connack(false, 0));
            assertThat(broker.broker().sessions().connectionOf("behind-lb-2").client().peerHost())
                    .isEqualTo("198.51.100.9");
        }
    }

    @Test
    @DisplayName("proxy_protocol: access rules apply to the real address; no header in time closes")
    void proxyProtocol_accessAndTimeout() throws Exception {
        MqttListener l = broker.listen("proxied-acl", "proxy_protocol", "on", "proxy_protocol_timeout", "300ms",
                "access.1", "deny 203.0.113.0/24", "access.2", "allow all");
        try (Raw r = Raw.open(l.boundPort())) {
            r.send(proxyV1("203.0.113.50", 1000), P.connect(4).clientId("denied-lb").bytes());
            assertThat(r.expectClosed()).isEmpty();
        }
        try (Raw r = Raw.open(l.boundPort())) {
            r.expectClosed(); // sent nothing
        }
        await().until(() -> l.context().stats().shutdownCounts().getOrDefault("access_denied", 0L) == 1
                && l.context().stats().shutdownCounts().getOrDefault("protocol_error", 0L) == 1);
    }

    @Test
    @DisplayName("proxy_protocol: a header from a peer outside proxy_protocol_trusted is not believed; the connection "
            + "is closed and logged")
    void proxyProtocol_untrustedPeer_isClosed() throws Exception {
        MqttListener l = broker.listen("proxied-lb-only", "proxy_protocol", "on", "proxy_protocol_trusted",
                "10.0.0.0/8, 192.0.2.10");
        try (LogCapture log = new LogCapture("io.osprey.broker.listener"); Raw r = Raw.open(l.boundPort())) {
            // a client on loopback pretends to be a proxy forwarding 127.0.0.1, to pass loopback ACL rules
            try {
                r.send(proxyV1("127.0.0.1", 51000), P.connect(4).clientId("forger").bytes());
                assertThat(r.expectClosed()).as("no CONNACK").isEmpty();
            } catch (java.net.SocketException closedBeforeTheWrite) {
                // the broker closes at accept: it may be gone before the bytes are written
            }
            await().until(() -> l.context().stats().shutdownCounts().getOrDefault("proxy_untrusted", 0L) == 1);
            assertThat(broker.broker().sessions().get("forger")).isNull();
            assertThat(log.lines).anyMatch(line -> line.contains("proxy_protocol_trusted")
                    && line.contains("127.0.0.1"));
        }
    }

    @Test
    @DisplayName("proxy_protocol_trusted that is not an address list is reported with its key")
    void proxyProtocolTrusted_badValue() {
        var r = io.osprey.api.config.ConfigReader.of("listener-x", java.util.Map.of("proxy_protocol_trusted",
                "lb.example.com"), java.util.Map.of());
        io.osprey.broker.config.ListenerSettings.read(r, "x");
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.describe())
                .contains("proxy_protocol_trusted").contains("lb.example.com"));
    }

    @Test
    @DisplayName("access.N rules: the first matching rule decides; denied addresses are closed at once")
    void accessRules() throws Exception {
        MqttListener denied = broker.listen("deny-local", "access.1", "deny 127.0.0.0/8", "access.2", "allow all");
        try (Raw r = Raw.open(denied.boundPort())) {
            r.send(P.connect(4).clientId("x").bytes());
            assertThat(r.expectClosed()).isEmpty();
        }
        MqttListener allowed = broker.listen("allow-local", "access.1", "allow 127.0.0.1", "access.2", "deny all");
        try (Raw r = Raw.connected(allowed.boundPort(), P.connect(4).clientId("y").bytes())) {
            r.send(P.pingreq()).expect(P.pingresp());
        }
    }

    @Test
    @DisplayName("max_connections: connections beyond the limit are closed")
    void maxConnections() throws Exception {
        MqttListener l = broker.listen("max2", "max_connections", "2");
        try (Raw a = Raw.connected(l.boundPort(), P.connect(4).clientId("m1").bytes());
             Raw b = Raw.connected(l.boundPort(), P.connect(4).clientId("m2").bytes());
             Raw c = Raw.open(l.boundPort())) {
            c.send(P.connect(4).clientId("m3").bytes());
            assertThat(c.expectClosed()).isEmpty();
            a.send(P.pingreq()).expect(P.pingresp());
        }
        await().until(() -> l.context().stats().shutdownCounts().getOrDefault("max_connections", 0L) == 1);
    }

    @Test
    @DisplayName("max_conn_rate: connections above the rate are closed before their CONNECT is read")
    void maxConnRate() throws Exception {
        MqttListener l = broker.listen("rate3", "max_conn_rate", "3");
        List<Socket> sockets = new ArrayList<>();
        int accepted = 0;
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket("127.0.0.1", l.boundPort());
                s.setSoTimeout(2000);
                sockets.add(s);
            }
            for (int i = 0; i < sockets.size(); i++) {
                Socket s = sockets.get(i);
                try {
                    s.getOutputStream().write(P.connect(4).clientId("r" + i).bytes());
                    if (s.getInputStream().read() == 0x20) {
                        accepted++;
                    }
                } catch (IOException closed) {
                    // refused
                }
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertThat(accepted).isBetween(3, 4);
        await().until(() -> l.context().stats().shutdownCounts().getOrDefault("rate_limited", 0L) >= 4);
    }

    @Test
    @DisplayName("rate_limit: a connection is slowed to its bytes per second by backpressure, nothing is lost")
    void byteRateLimit() throws Exception {
        MqttListener l = broker.listen("slow-bytes", "rate_limit", "20KB,4KB");
        try (Raw sub = Raw.connected(broker.port(), P.connect(4).clientId("rl-sub").bytes());
             Raw pub = Raw.connected(l.boundPort(), P.connect(4).clientId("rl-pub").bytes())) {
            sub.send(P.subscribe(1, null, "rl/t", 0)).expect(P.suback(1, 0));
            byte[] payload = new byte[1000];
            long t0 = System.nanoTime();
            for (int i = 0; i < 44; i++) {
                pub.send(P.publish(0, false, false, "rl/t", 0, null, payload));
            }
            for (int i = 0; i < 44; i++) {
                assertThat(sub.read()).isNotNull();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // 44 KB at 20 KB/s after a 4 KB burst: at least about 2 s
            assertThat(ms).isGreaterThan(1500);
        }
    }

    @Test
    @DisplayName("messages_rate: PUBLISH packets above the rate are slowed, not dropped")
    void messagesRate() throws Exception {
        MqttListener l = broker.listen("slow-msgs", "messages_rate", "20");
        try (Raw sub = Raw.connected(broker.port(), P.connect(4).clientId("mr-sub").bytes());
             Raw pub = Raw.connected(l.boundPort(), P.connect(4).clientId("mr-pub").bytes())) {
            sub.send(P.subscribe(1, null, "mr/t", 0)).expect(P.suback(1, 0));
            long t0 = System.nanoTime();
            for (int i = 0; i < 60; i++) {
                pub.send(P.publish(0, "mr/t", 0, "m" + i));
            }
            for (int i = 0; i < 60; i++) {
                assertThat(sub.read()).isNotNull();
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThan(1500);
        }
    }

    @Test
    @DisplayName("send_timeout: a client that stops reading is disconnected when its socket does not drain")
    void sendTimeout() throws Exception {
        MqttListener l = broker.listen("drain", "send_timeout", "500ms", "recbuf", "4KB");
        try (Raw stuck = Raw.connected(l.boundPort(), P.connect(4).clientId("stuck").bytes());
             Raw pub = Raw.connected(broker.port(), P.connect(4).clientId("flood").bytes())) {
            stuck.send(P.subscribe(1, null, "flood/t", 0)).expect(P.suback(1, 0));
            byte[] payload = new byte[64 * 1024];
            for (int i = 0; i < 64; i++) {
                pub.send(P.publish(0, false, false, "flood/t", 0, null, payload));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> l.context().stats().shutdownCounts()
                    .getOrDefault("send_timeout", 0L) == 1);
        }
    }

    @Test
    @DisplayName("editing listener settings applies to new connections without a restart")
    void settingsApplyToNewConnections() throws Exception {
        MqttListener l = broker.listen("edit");
        try (Raw before = Raw.connected(l.boundPort(), P.connect(4).clientId("before").bytes())) {
            l.update(io.osprey.broker.config.ListenerSettings.read(io.osprey.api.config.ConfigReader.of(
                    "listener-edit", java.util.Map.of("bind", "127.0.0.1:" + l.boundPort(), "access.1",
                            "deny all"), java.util.Map.of()), "edit"));
            try (Raw after = Raw.open(l.boundPort())) {
                after.send(P.connect(4).clientId("after").bytes());
                assertThat(after.expectClosed()).isEmpty();
            }
            before.send(P.pingreq()).expect(P.pingresp()); // the existing connection is untouched
        }
    }
}
