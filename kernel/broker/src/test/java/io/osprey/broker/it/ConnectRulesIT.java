package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CONNECT and CONNACK rules, on the wire. One rule per test; the normative statement is in the display name. */
class ConnectRulesIT {

    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start("response_information", "reply/${clientid}/", "max_session_expiry_interval",
                "3600");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private Raw open() throws Exception {
        return Raw.open(broker.port());
    }

    @Test
    @DisplayName("[MQTT-3.1.0-1] a first packet other than CONNECT closes the connection")
    void firstPacketNotConnect_closes() throws Exception {
        try (Raw r = open()) {
            r.send(P.pingreq());
            assertThat(r.expectClosed()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.0-2] a second CONNECT closes a 3.1.1 connection")
    void secondConnect_v311_closes() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("twice").bytes())) {
            r.send(P.connect(4).clientId("twice").bytes());
            assertThat(r.expectClosed()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.0-2] a second CONNECT gets MQTT 5 DISCONNECT 0x82 Protocol Error")
    void secondConnect_v5_disconnectsWithProtocolError() throws Exception {
        try (Raw r = Raw.connected5(broker.port(), P.connect(5).clientId("twice5").props(P.noProps()).bytes())) {
            r.send(P.connect(5).clientId("twice5").props(P.noProps()).bytes());
            r.expectDisconnect5(0x82);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-2] an unsupported protocol level gets CONNACK 0x01, then the close")
    void unsupportedProtocolLevel_getsConnack0x01() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(6).clientId("level6").bytes());
            r.expect(P.connack(false, 0x01));
            r.expectClosed();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-1] an unknown protocol name is refused")
    void unknownProtocolName_isRefused() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(4).protocol("MQTX").clientId("name").bytes());
            java.util.List<byte[]> before = r.expectClosed();
            before.forEach(p -> assertThat(p[0] & 0xFF).isEqualTo(0x20));
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-3] a set reserved flag closes the connection")
    void reservedFlag_closes() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(4).clientId("reserved").flags(0x01).bytes());
            r.expectClosed().forEach(p -> assertThat(p[0] & 0xFF).isNotEqualTo(0x20));
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-8] a 3.1.1 client with an empty id and clean session 0 gets CONNACK 0x02")
    void emptyClientIdWithoutCleanSession_getsIdentifierRejected() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(4).clientId("").clean(false).bytes());
            r.expect(P.connack(false, 0x02));
            r.expectClosed();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] a 3.1.1 client with an empty id and clean session 1 is accepted")
    void emptyClientIdWithCleanSession_isAccepted() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(4).clientId("").bytes());
            r.expect(P.connack(false, 0));
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-16] an MQTT 5 client with an empty id gets an Assigned Client Identifier")
    void emptyClientId_v5_getsAssignedClientIdentifier() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(5).clientId("").props(P.noProps()).bytes());
            Decoded ack = r.read5();
            assertThat(ack.reasonCode()).isZero();
            assertThat(ack.strProp(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER)).startsWith("osprey-");
        }
    }

    @Test
    @DisplayName("MQTT 3.1 (MQIsdp, level 3) clients are accepted")
    void mqtt31_isAccepted() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(3).clientId("old-device").bytes());
            r.expect(P.connack(false, 0));
            r.send(P.pingreq()).expect(P.pingresp());
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-11] will QoS or retain without the will flag closes the connection")
    void willBitsWithoutWillFlag_close() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(4).clientId("nowill").flags(0x08).bytes());
            r.expectClosed().forEach(p -> assertThat(p[3]).isNotZero());
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-14] will QoS 3 closes the connection")
    void willQos3_closes() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(4).clientId("q3").will("w/t", "x", 0, false).flags(0x18).bytes());
            r.expectClosed().forEach(p -> assertThat(p[3]).isNotZero());
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] 3.1.1: a password without a user name closes the connection")
    void passwordWithoutUsername_closes() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(4).clientId("pw").password("secret").bytes());
            r.expectClosed().forEach(p -> assertThat(p[3]).isNotZero());
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.4-2] a client id containing U+0000 is a malformed packet")
    void clientIdWithNul_isRefused() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(4).clientId("a\u0000b").bytes());
            r.expectClosed().forEach(p -> assertThat(p[3]).isNotZero());
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] ill-formed UTF-8 in a client id is a malformed packet")
    void clientIdWithBadUtf8_isRefused() throws Exception {
        byte[] good = P.connect(4).clientId("ab").bytes();
        // the client id bytes are the last two: replace them with a lone continuation byte and an invalid byte
        good[good.length - 2] = (byte) 0x80;
        good[good.length - 1] = (byte) 0xFF;
        try (Raw r = open()) {
            r.send(good);
            r.expectClosed().forEach(p -> assertThat(p[3]).isNotZero());
        }
    }

    @Test
    @DisplayName("MQTT 5: Receive Maximum 0 is a Protocol Error (CONNACK 0x82)")
    void receiveMaximumZero_isProtocolError() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(5).clientId("rm0").props(P.props().u16(0x21, 0).bytes()).bytes());
            assertThat(r.read5().reasonCode()).isEqualTo(0x82);
            r.expectClosed();
        }
    }

    @Test
    @DisplayName("MQTT 5: an Authentication Method the broker does not support gets CONNACK 0x8C")
    void authenticationMethod_getsBadAuthenticationMethod() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(5).clientId("auth").props(P.props().str(0x15, "SCRAM-SHA-1").bytes()).bytes());
            assertThat(r.read5().reasonCode()).isEqualTo(0x8C);
            r.expectClosed();
        }
    }

    @Test
    @DisplayName("MQTT 5 CONNACK announces Receive Maximum, Maximum Packet Size and Topic Alias Maximum")
    void connack5_announcesLimits() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(5).clientId("limits").props(P.noProps()).bytes());
            Decoded ack = r.read5();
            assertThat(ack.intProp(MqttProperties.RECEIVE_MAXIMUM)).isEqualTo(100);
            assertThat(ack.intProp(MqttProperties.MAXIMUM_PACKET_SIZE)).isEqualTo(1024 * 1024);
            assertThat(ack.intProp(MqttProperties.TOPIC_ALIAS_MAXIMUM)).isEqualTo(65535);
        }
    }

    @Test
    @DisplayName("MQTT 5: Response Information is sent when requested")
    void responseInformation_whenRequested() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(5).clientId("rr").props(P.props().u8(0x19, 1).bytes()).bytes());
            assertThat(r.read5().strProp(MqttProperties.RESPONSE_INFORMATION)).isEqualTo("reply/rr/");
        }
        try (Raw r = open()) {
            r.send(P.connect(5).clientId("rr2").props(P.noProps()).bytes());
            assertThat(r.read5().strProp(MqttProperties.RESPONSE_INFORMATION)).isNull();
        }
    }

    @Test
    @DisplayName("MQTT 5: a Session Expiry Interval above the broker's cap is lowered and announced")
    void sessionExpiryAboveCap_isLoweredInConnack() throws Exception {
        try (Raw r = open()) {
            r.send(P.connect(5).clientId("capped").props(P.props().u32(0x11, 999_999).bytes()).bytes());
            assertThat(r.read5().intProp(MqttProperties.SESSION_EXPIRY_INTERVAL)).isEqualTo(3600);
        }
    }

    @Test
    @DisplayName("[MQTT-3.12.4-1] PINGREQ gets PINGRESP")
    void pingreq_getsPingresp() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("pinger").bytes())) {
            r.send(P.pingreq()).expect(P.pingresp());
        }
    }

    @Test
    @DisplayName("allow_anonymous = false: 3.1.1 gets CONNACK 0x05, MQTT 5 gets 0x86")
    void anonymousRefused_whenNotAllowed() throws Exception {
        try (TestBroker closed = TestBroker.start("allow_anonymous", "false")) {
            try (Raw r = Raw.open(closed.port())) {
                r.send(P.connect(4).clientId("anon").bytes());
                r.expect(P.connack(false, 0x05));
                r.expectClosed();
            }
            try (Raw r = Raw.open(closed.port())) {
                r.send(P.connect(5).clientId("anon5").props(P.noProps()).bytes());
                assertThat(r.read5().reasonCode()).isEqualTo(0x86);
                r.expectClosed();
            }
            closed.awaitShutdownCount("not_authorized", 2);
        }
    }

    @Test
    @DisplayName("idle_timeout: a connection that sends no CONNECT in time is closed")
    void noConnectWithinIdleTimeout_closes() throws Exception {
        try (TestBroker b = TestBroker.start("idle_timeout", "300ms"); Raw r = Raw.open(b.port())) {
            long t0 = System.currentTimeMillis();
            r.expectClosed();
            assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(250);
            b.awaitShutdownCount("idle_timeout", 1);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] keep alive: closed after 1.5 × the interval without a packet, not before")
    void keepAlive_closesAfterOneAndAHalfIntervals() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("sleepy").keepAlive(1).bytes())) {
            long t0 = System.currentTimeMillis();
            r.expectNothing(1200); // still open after the interval itself
            r.expectClosed();
            long elapsed = System.currentTimeMillis() - t0;
            assertThat(elapsed).isBetween(1300L, 4000L);
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-21] Server Keep Alive is announced and enforced when the client asks for more")
    void serverKeepAlive_isAnnouncedAndEnforced() throws Exception {
        try (TestBroker b = TestBroker.start("server_keepalive", "1"); Raw r = Raw.open(b.port())) {
            r.send(P.connect(5).clientId("ska").keepAlive(600).props(P.noProps()).bytes());
            assertThat(r.read5().intProp(MqttProperties.SERVER_KEEP_ALIVE)).isEqualTo(1);
            long t0 = System.currentTimeMillis();
            r.expectClosed();
            assertThat(System.currentTimeMillis() - t0).isLessThan(4000);
        }
    }

    @Test
    @DisplayName("a bridge (protocol level 0x84, on a listener with bridges = on) does not get its own messages back")
    void bridgeLevel_isAccepted_andLoopsArePrevented() throws Exception {
        int bridges = broker.listen("bridges", "bridges", "on").boundPort();
        try (Raw bridge = Raw.open(bridges); Raw other = Raw.connected(broker.port(),
                P.connect(4).clientId("other").bytes())) {
            bridge.send(P.connect(0x84).clientId("bridge-1").bytes());
            bridge.expect(P.connack(false, 0));
            bridge.send(P.subscribe(1, null, "bridged/#", 1)).expect(P.suback(1, 1));
            bridge.send(P.publish(1, "bridged/mine", 7, "from-bridge")).expect(P.puback(7));
            other.send(P.publish(0, true, false, "bridged/theirs", 0, null,
                    "kept".getBytes(StandardCharsets.UTF_8)));
            Decoded got = Raw.decode(bridge.read(), io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1);
            assertThat(got.topic()).isEqualTo("bridged/theirs");
            assertThat(got.retain()).as("retain as published for bridges").isTrue();
            bridge.expectNothing(300);
        }
    }
}
