package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sessions: clean start, session present, expiry, takeover, offline queues, QoS 2 state across connections. */
class SessionRulesIT {

    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static byte[] persistent4(String id) {
        return P.connect(4).clientId(id).clean(false).bytes();
    }

    static byte[] session5(String id, boolean clean, long expiry) {
        return P.connect(5).clientId(id).clean(clean).props(P.props().u32(0x11, expiry).bytes()).bytes();
    }

    static byte[] c4(String id) {
        return P.connect(4).clientId(id).bytes();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-2,-3] session present is 1 when a stored session is resumed, 0 otherwise")
    void sessionPresent() throws Exception {
        try (Raw r = Raw.open(broker.port())) {
            r.send(persistent4("sp")).expect(P.connack(false, 0));
            r.send(P.subscribe(1, null, "sp/t", 1)).expect(P.suback(1, 1));
        }
        try (Raw r = Raw.open(broker.port())) {
            r.send(persistent4("sp")).expect(P.connack(true, 0));
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-4] clean start discards the stored session and its subscriptions")
    void cleanStart_discardsTheSession() throws Exception {
        try (Raw r = Raw.open(broker.port())) {
            r.send(persistent4("cs")).expect(P.connack(false, 0));
            r.send(P.subscribe(1, null, "cs/t", 1)).expect(P.suback(1, 1));
        }
        try (Raw r = Raw.open(broker.port()); Raw pub = Raw.connected(broker.port(), c4("cs-pub"))) {
            r.send(P.connect(4).clientId("cs").clean(true).bytes()).expect(P.connack(false, 0));
            pub.send(P.publish(1, "cs/t", 1, "x")).expect(P.puback(1));
            r.expectNothing(300);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] MQTT 5: a session ends Session Expiry Interval seconds after the connection")
    void sessionExpiry_v5() throws Exception {
        try (Raw r = Raw.open(broker.port())) {
            r.send(session5("exp5", false, 1));
            assertThat(r.read5().sessionPresent()).isFalse();
        }
        try (Raw r = Raw.open(broker.port())) {
            r.send(session5("exp5", false, 1));
            assertThat(r.read5().sessionPresent()).as("within the interval").isTrue();
        }
        Thread.sleep(1600);
        try (Raw r = Raw.open(broker.port())) {
            r.send(session5("exp5", false, 1));
            assertThat(r.read5().sessionPresent()).as("after the interval").isFalse();
        }
    }

    @Test
    @DisplayName("MQTT 5: without Session Expiry Interval the session ends with the connection")
    void noSessionExpiry_endsWithConnection() throws Exception {
        try (Raw r = Raw.open(broker.port())) {
            r.send(P.connect(5).clientId("noexp").clean(false).props(P.noProps()).bytes());
            r.read5();
        }
        broker.awaitNoSession("noexp");
        try (Raw r = Raw.open(broker.port())) {
            r.send(P.connect(5).clientId("noexp").clean(false).props(P.noProps()).bytes());
            assertThat(r.read5().sessionPresent()).isFalse();
        }
    }

    @Test
    @DisplayName("session_expiry_interval: a 3.1.1 persistent session expires after the configured time")
    void sessionExpiry_v311_isConfigured() throws Exception {
        try (TestBroker b = TestBroker.start("session_expiry_interval", "1s")) {
            try (Raw r = Raw.open(b.port())) {
                r.send(persistent4("v3exp")).expect(P.connack(false, 0));
            }
            Thread.sleep(1600);
            try (Raw r = Raw.open(b.port())) {
                r.send(persistent4("v3exp")).expect(P.connack(false, 0));
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] a second connection with the same id takes over; MQTT 5 gets DISCONNECT 0x8E")
    void takeover_v5_getsSessionTakenOver() throws Exception {
        long takenOver = broker.shutdownCount("takenover");
        Raw first = Raw.open(broker.port());
        first.send(session5("taken", false, 60));
        first.read5();
        first.send(P.subscribe(1, P.noProps(), "taken/t", 1));
        first.read5();
        try (Raw second = Raw.open(broker.port()); Raw pub = Raw.connected(broker.port(), c4("taken-pub"))) {
            second.send(session5("taken", false, 60));
            Decoded ack = second.read5();
            assertThat(ack.sessionPresent()).isTrue();
            first.expectDisconnect5(0x8E);
            pub.send(P.publish(1, "taken/t", 1, "to-second")).expect(P.puback(1));
            assertThat(second.read5().payload()).isEqualTo("to-second");
        }
        first.close();
        broker.awaitShutdownCount("takenover", takenOver + 1);
    }

    @Test
    @DisplayName("a clean-start takeover leaves the online count unchanged once the old connection has closed")
    void cleanStartTakeover_keepsTheOnlineCount() throws Exception {
        try (TestBroker own = TestBroker.start()) { // alone: other tests' connections would move the count
            Raw first = Raw.open(own.port());
            first.send(session5("count-taken", false, 60));
            first.read5();
            try (Raw second = Raw.open(own.port())) {
                second.send(session5("count-taken", true, 0));
                assertThat(second.read5().sessionPresent()).isFalse();
                first.expectDisconnect5(0x8E);
                first.close();
                own.awaitShutdownCount("takenover", 1); // the old connection's close has run
                Thread.sleep(200);
                assertThat(own.broker().sessions().onlineCount()).isEqualTo(1);
            }
        }
    }

    @Test
    @DisplayName("max_mqueue_len with mqueue_drop = oldest: the oldest queued message is dropped and counted")
    void queueFull_dropsOldest() throws Exception {
        assertQueueDrop("oldest", "m2", "m3", "m4");
    }

    @Test
    @DisplayName("max_mqueue_len with mqueue_drop = newest: new messages are dropped when the queue is full")
    void queueFull_dropsNewest() throws Exception {
        assertQueueDrop("newest", "m0", "m1", "m2");
    }

    private void assertQueueDrop(String policy, String... expected) throws Exception {
        try (TestBroker b = TestBroker.start("max_mqueue_len", "3", "mqueue_drop", policy)) {
            try (Raw r = Raw.open(b.port())) {
                r.send(persistent4("q")).expect(P.connack(false, 0));
                r.send(P.subscribe(1, null, "q/t", 1)).expect(P.suback(1, 1));
            }
            b.awaitOffline("q");
            try (Raw pub = Raw.connected(b.port(), c4("qpub"))) {
                for (int i = 0; i < 5; i++) {
                    pub.send(P.publish(1, "q/t", i + 1, "m" + i)).expect(P.puback(i + 1));
                }
            }
            try (Raw r = Raw.open(b.port())) {
                r.send(persistent4("q")).expect(P.connack(true, 0));
                for (String e : expected) {
                    Decoded d = Raw.decode(r.read(), MqttVersion.MQTT_3_1_1);
                    assertThat(d.payload()).isEqualTo(e);
                    r.send(P.puback(d.packetId()));
                }
                r.expectNothing(300);
            }
            assertThat(b.broker().metrics().get("delivery.dropped.queue_full")).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("mqueue_store_qos0 = false: QoS 0 messages are not queued for offline sessions")
    void qos0NotStored_whenDisabled() throws Exception {
        try (TestBroker b = TestBroker.start("mqueue_store_qos0", "false")) {
            try (Raw r = Raw.open(b.port())) {
                r.send(persistent4("q0")).expect(P.connack(false, 0));
                r.send(P.subscribe(1, null, "q0/t", 1)).expect(P.suback(1, 1));
            }
            b.awaitOffline("q0");
            try (Raw pub = Raw.connected(b.port(), c4("q0pub"))) {
                pub.send(P.publish(0, "q0/t", 0, "zero"));
                pub.send(P.publish(1, "q0/t", 1, "one")).expect(P.puback(1));
            }
            try (Raw r = Raw.open(b.port())) {
                r.send(persistent4("q0")).expect(P.connack(true, 0));
                Decoded d = Raw.decode(r.read(), MqttVersion.MQTT_3_1_1);
                assertThat(d.payload()).isEqualTo("one");
                r.send(P.puback(d.packetId()));
                r.expectNothing(300);
            }
            assertThat(b.broker().metrics().get("delivery.dropped.qos0_msg")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("[MQTT-3.14.2-2] DISCONNECT may not set a Session Expiry Interval when CONNECT had 0")
    void disconnectSettingExpiryAfterZero_isProtocolError() throws Exception {
        try (Raw r = Raw.connected5(broker.port(), P.connect(5).clientId("d0").props(P.noProps()).bytes())) {
            r.send(P.disconnect5(0, P.props().u32(0x11, 60).bytes()));
            r.expectDisconnect5(0x82);
        }
    }

    @Test
    @DisplayName("MQTT 5: DISCONNECT with Session Expiry Interval 0 ends a lasting session")
    void disconnectWithExpiryZero_endsTheSession() throws Exception {
        try (Raw r = Raw.connected5(broker.port(), session5("dz", false, 300))) {
            r.send(P.disconnect5(0, P.props().u32(0x11, 0).bytes()));
            r.expectClosed();
        }
        broker.awaitNoSession("dz");
        try (Raw r = Raw.open(broker.port())) {
            r.send(session5("dz", false, 300));
            assertThat(r.read5().sessionPresent()).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] QoS 2 to the client: PUBREL is resent after reconnect when PUBCOMP was missing")
    void qos2Outbound_pubrelIsResentOnResume() throws Exception {
        try (Raw sub = Raw.open(broker.port()); Raw pub = Raw.connected(broker.port(), c4("q2o-pub"))) {
            sub.send(persistent4("q2o")).expect(P.connack(false, 0));
            sub.send(P.subscribe(1, null, "q2o/t", 2)).expect(P.suback(1, 2));
            pub.send(P.publish(2, "q2o/t", 1, "x")).expect(P.pubrec(1));
            pub.send(P.pubrel(1)).expect(P.pubcomp(1));
            sub.expect(P.publish(2, false, false, "q2o/t", 1, null, "x".getBytes(StandardCharsets.UTF_8)));
            sub.send(P.pubrec(1)).expect(P.pubrel(1));
        }
        try (Raw sub = Raw.open(broker.port())) {
            sub.send(persistent4("q2o")).expect(P.connack(true, 0));
            sub.expect(P.pubrel(1));
            sub.send(P.pubcomp(1));
            sub.expectNothing(300);
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.3-9] QoS 2 from the client: the packet id awaiting PUBREL survives a reconnect")
    void qos2Inbound_awaitingRelSurvivesReconnect() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("q2i-sub"))) {
            sub.send(P.subscribe(1, null, "q2i/t", 0)).expect(P.suback(1, 0));
            try (Raw pub = Raw.open(broker.port())) {
                pub.send(persistent4("q2i")).expect(P.connack(false, 0));
                pub.send(P.publish(2, "q2i/t", 5, "once")).expect(P.pubrec(5));
            }
            sub.expect(P.publish(0, "q2i/t", 0, "once"));
            try (Raw pub = Raw.open(broker.port())) {
                pub.send(persistent4("q2i")).expect(P.connack(true, 0));
                pub.send(P.publish(2, false, true, "q2i/t", 5, null, "once".getBytes(StandardCharsets.UTF_8)))
                        .expect(P.pubrec(5));
                pub.send(P.pubrel(5)).expect(P.pubcomp(5));
            }
            sub.expectNothing(300);
        }
    }
}
