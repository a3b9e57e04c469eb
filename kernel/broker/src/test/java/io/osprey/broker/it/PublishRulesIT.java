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

/** PUBLISH and the QoS flows, on the wire, for 3.1.1 and MQTT 5. */
class PublishRulesIT {

    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static byte[] c4(String id) {
        return P.connect(4).clientId(id).bytes();
    }

    static byte[] c5(String id) {
        return P.connect(5).clientId(id).props(P.noProps()).bytes();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-2] a wildcard in a PUBLISH topic closes the connection (MQTT 5: DISCONNECT)")
    void wildcardTopic_isMalformed() throws Exception {
        try (Raw r = Raw.connected(broker.port(), c4("wc"))) {
            r.send(P.publish(0, "a/+", 0, "x"));
            assertThat(r.expectClosed()).isEmpty();
        }
        try (Raw r = Raw.connected5(broker.port(), c5("wc5"))) {
            r.send(P.publish(0, false, false, "a/#", 0, P.noProps(), bytes("x")));
            r.expectDisconnect5(0x81);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-4] QoS 3 in a PUBLISH closes the connection")
    void qos3_isMalformed() throws Exception {
        try (Raw r = Raw.connected(broker.port(), c4("q3"))) {
            r.send(P.packet(0x36, P.hex("0001610001")));
            assertThat(r.expectClosed()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-2.3.1-1] a QoS 1 PUBLISH with packet identifier 0 closes the connection")
    void packetIdZero_isMalformed() throws Exception {
        try (Raw r = Raw.connected(broker.port(), c4("pid0"))) {
            r.send(P.publish(1, "t/z", 0, "x"));
            assertThat(r.expectClosed()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.2] QoS 1: PUBACK to the publisher, PUBLISH with a packet id to the subscriber")
    void qos1_flow() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("s-q1")); Raw pub = Raw.connected(broker.port(), c4("p-q1"))) {
            sub.send(P.subscribe(1, null, "flow/q1", 1)).expect(P.suback(1, 1));
            pub.send(P.publish(1, "flow/q1", 10, "one")).expect(P.puback(10));
            sub.expect(P.publish(1, false, false, "flow/q1", 1, null, bytes("one")));
            sub.send(P.puback(1));
            sub.expectNothing(200);
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.3] QoS 2: PUBREC, PUBREL, PUBCOMP in both directions")
    void qos2_flow() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("s-q2")); Raw pub = Raw.connected(broker.port(), c4("p-q2"))) {
            sub.send(P.subscribe(1, null, "flow/q2", 2)).expect(P.suback(1, 2));
            pub.send(P.publish(2, "flow/q2", 20, "two")).expect(P.pubrec(20));
            pub.send(P.pubrel(20)).expect(P.pubcomp(20));
            sub.expect(P.publish(2, false, false, "flow/q2", 1, null, bytes("two")));
            sub.send(P.pubrec(1)).expect(P.pubrel(1));
            sub.send(P.pubcomp(1));
            sub.expectNothing(200);
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.3-9] a QoS 2 PUBLISH sent again before PUBREL is acknowledged but not routed twice")
    void qos2_duplicate_isNotRoutedTwice() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("s-dup")); Raw pub = Raw.connected(broker.port(), c4("p-dup"))) {
            sub.send(P.subscribe(1, null, "flow/dup", 0)).expect(P.suback(1, 0));
            pub.send(P.publish(2, "flow/dup", 30, "once")).expect(P.pubrec(30));
            pub.send(P.publish(2, false, true, "flow/dup", 30, null, bytes("once"))).expect(P.pubrec(30));
            pub.send(P.pubrel(30)).expect(P.pubcomp(30));
            sub.expect(P.publish(0, "flow/dup", 0, "once"));
            sub.expectNothing(300);
        }
    }

    @Test
    @DisplayName("[MQTT-3.7.2] MQTT 5: PUBREL for an unknown packet id gets PUBCOMP 0x92")
    void pubrelUnknownId_getsPacketIdNotFound() throws Exception {
        try (Raw r = Raw.connected5(broker.port(), c5("rel5"))) {
            r.send(P.pubrel(77)).expect(P.ack5(0x70, 77, 0x92));
        }
    }

    @Test
    @DisplayName("MQTT 5: a QoS 1 message nobody subscribed to gets PUBACK 0x10 No matching subscribers")
    void noSubscribers_getsReason0x10() throws Exception {
        try (Raw r = Raw.connected5(broker.port(), c5("lonely"))) {
            r.send(P.publish(1, false, false, "nobody/listens", 5, P.noProps(), bytes("x")));
            r.expect(P.ack5(0x40, 5, 0x10));
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-12] topic aliases: set with a topic, then used with an empty topic")
    void topicAlias_inbound() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("s-alias")); Raw pub = Raw.connected5(broker.port(), c5("p-alias"))) {
            sub.send(P.subscribe(1, null, "alias/t", 0)).expect(P.suback(1, 0));
            byte[] alias3 = P.props().u16(0x23, 3).bytes();
            pub.send(P.publish(0, false, false, "alias/t", 0, alias3, bytes("first")));
            pub.send(P.publish(0, false, false, "", 0, alias3, bytes("second")));
            sub.expect(P.publish(0, "alias/t", 0, "first"));
            sub.expect(P.publish(0, "alias/t", 0, "second"));
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-8] an unknown topic alias is a Protocol Error (DISCONNECT 0x82)")
    void unknownTopicAlias_isProtocolError() throws Exception {
        try (Raw pub = Raw.connected5(broker.port(), c5("p-alias-unknown"))) {
            pub.send(P.publish(0, false, false, "", 0, P.props().u16(0x23, 9).bytes(), bytes("x")));
            pub.expectDisconnect5(0x82);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-9] a topic alias of 0 or above the maximum gets DISCONNECT 0x94")
    void topicAliasOutOfRange_isTopicAliasInvalid() throws Exception {
        try (Raw pub = Raw.connected5(broker.port(), c5("p-alias-0"))) {
            pub.send(P.publish(0, false, false, "a", 0, P.props().u16(0x23, 0).bytes(), bytes("x")));
            pub.expectDisconnect5(0x94);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.4-6] a client PUBLISH with a Subscription Identifier is a Protocol Error")
    void subscriptionIdFromClient_isProtocolError() throws Exception {
        try (Raw pub = Raw.connected5(broker.port(), c5("p-subid"))) {
            pub.send(P.publish(0, false, false, "a", 0, P.props().varInt(0x0B, 4).bytes(), bytes("x")));
            pub.expectDisconnect5(0x82);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] Payload Format Indicator 1 with a non-UTF-8 payload gets PUBACK 0x99")
    void payloadNotUtf8_getsPayloadFormatInvalid() throws Exception {
        try (Raw pub = Raw.connected5(broker.port(), c5("p-pfi"))) {
            pub.send(P.publish(1, false, false, "pfi", 3, P.props().u8(0x01, 1).bytes(), new byte[] {(byte) 0xC3, 0x28}));
            Decoded ack = pub.read5();
            assertThat(ack.type()).isEqualTo("PUBACK");
            assertThat(ack.reasonCode()).isEqualTo(0x99);
            assertThat(ack.strProp(MqttProperties.REASON_STRING)).contains("not UTF-8");
        }
    }

    @Test
    @DisplayName("MQTT 5 properties go to MQTT 5 subscribers as published; 3.1.1 subscribers get the payload")
    void properties_arePassedThrough() throws Exception {
        try (Raw sub5 = Raw.connected5(broker.port(), c5("s-props5")); Raw sub3 = Raw.connected(broker.port(),
                c4("s-props3")); Raw pub = Raw.connected5(broker.port(), c5("p-props"))) {
            sub5.send(P.subscribe(1, P.noProps(), "props/t", 0));
            assertThat(sub5.read5().type()).isEqualTo("SUBACK");
            sub3.send(P.subscribe(1, null, "props/t", 0)).expect(P.suback(1, 0));
            byte[] props = P.props().u8(0x01, 1).str(0x03, "text/plain").str(0x08, "reply/here")
                    .bin(0x09, bytes("corr-1")).user("k1", "v1").user("k1", "v2").bytes();
            pub.send(P.publish(0, false, false, "props/t", 0, props, bytes("payload")));
            Decoded got = sub5.read5();
            assertThat(got.payload()).isEqualTo("payload");
            assertThat(got.intProp(MqttProperties.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
            assertThat(got.strProp(MqttProperties.CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(got.strProp(MqttProperties.RESPONSE_TOPIC)).isEqualTo("reply/here");
            assertThat(new String((byte[]) got.properties().getProperty(MqttProperties.CORRELATION_DATA).value(),
                    StandardCharsets.UTF_8)).isEqualTo("corr-1");
            assertThat(got.userProperties()).containsExactly("k1=v1", "k1=v2");
            sub3.expect(P.publish(0, "props/t", 0, "payload"));
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-6] the Message Expiry Interval sent on is what is left of it")
    void messageExpiry_isDecrementedOnDelivery() throws Exception {
        byte[] persistent = P.connect(5).clientId("s-exp").clean(false)
                .props(P.props().u32(0x11, 300).bytes()).bytes();
        try (Raw sub = Raw.connected5(broker.port(), persistent)) {
            sub.send(P.subscribe(1, P.noProps(), "exp/#", 1));
            sub.read5();
        }
        try (Raw pub = Raw.connected5(broker.port(), c5("p-exp"))) {
            pub.send(P.publish(1, false, false, "exp/long", 1, P.props().u32(0x02, 60).bytes(), bytes("lives")));
            pub.read5();
            pub.send(P.publish(1, false, false, "exp/short", 2, P.props().u32(0x02, 1).bytes(), bytes("dies")));
            pub.read5();
        }
        Thread.sleep(2100);
        try (Raw sub = Raw.open(broker.port())) {
            sub.send(P.connect(5).clientId("s-exp").clean(false).props(P.props().u32(0x11, 300).bytes()).bytes());
            assertThat(sub.read5().sessionPresent()).isTrue();
            Decoded got = sub.read5();
            assertThat(got.payload()).isEqualTo("lives");
            assertThat(got.intProp(MqttProperties.PUBLICATION_EXPIRY_INTERVAL)).isBetween(55, 58);
            sub.send(P.puback(got.packetId()));
            sub.expectNothing(300); // the expired one is not delivered
        }
        assertThat(broker.broker().metrics().get("delivery.dropped.expired")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] unacknowledged QoS 1 messages are resent with DUP and the same id on reconnect")
    void unackedMessages_areResentWithDupOnResume() throws Exception {
        byte[] persistent = P.connect(4).clientId("s-dupre").clean(false).bytes();
        try (Raw sub = Raw.connected(broker.port(), persistent); Raw pub = Raw.connected(broker.port(), c4("p-dupre"))) {
            sub.send(P.subscribe(1, null, "redo/t", 1)).expect(P.suback(1, 1));
            pub.send(P.publish(1, "redo/t", 1, "again")).expect(P.puback(1));
            sub.expect(P.publish(1, false, false, "redo/t", 1, null, bytes("again")));
            // no PUBACK: drop the connection
        }
        try (Raw sub = Raw.open(broker.port())) {
            sub.send(persistent).expect(P.connack(true, 0));
            sub.expect(P.publish(1, false, true, "redo/t", 1, null, bytes("again")));
            sub.send(P.puback(1));
            sub.send(P.disconnect());
        }
        try (Raw sub = Raw.open(broker.port())) {
            sub.send(P.connect(4).clientId("s-dupre").clean(true).bytes()).expect(P.connack(false, 0));
        }
    }

    @Test
    @DisplayName("max_inflight: no more than the window is unacknowledged; the rest waits, in order")
    void inflightWindow_limitsUnacknowledgedMessages() throws Exception {
        try (TestBroker b = TestBroker.start("max_inflight", "2");
             Raw sub = Raw.connected(b.port(), c4("s-win")); Raw pub = Raw.connected(b.port(), c4("p-win"))) {
            sub.send(P.subscribe(1, null, "win/t", 1)).expect(P.suback(1, 1));
            for (int i = 1; i <= 3; i++) {
                pub.send(P.publish(1, "win/t", i, "m" + i)).expect(P.puback(i));
            }
            sub.expect(P.publish(1, false, false, "win/t", 1, null, bytes("m1")));
            sub.expect(P.publish(1, false, false, "win/t", 2, null, bytes("m2")));
            sub.expectNothing(300);
            sub.send(P.puback(1));
            sub.expect(P.publish(1, false, false, "win/t", 3, null, bytes("m3")));
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] the client's Receive Maximum limits QoS 1/2 messages in flight to it")
    void clientReceiveMaximum_isRespected() throws Exception {
        try (Raw sub = Raw.connected5(broker.port(), P.connect(5).clientId("s-rm")
                .props(P.props().u16(0x21, 1).bytes()).bytes()); Raw pub = Raw.connected(broker.port(), c4("p-rm"))) {
            sub.send(P.subscribe(1, P.noProps(), "rm/t", 1));
            sub.read5();
            pub.send(P.publish(1, "rm/t", 1, "a")).expect(P.puback(1));
            pub.send(P.publish(1, "rm/t", 2, "b")).expect(P.puback(2));
            Decoded first = sub.read5();
            assertThat(first.payload()).isEqualTo("a");
            sub.expectNothing(300);
            sub.send(P.puback(first.packetId()));
            assertThat(sub.read5().payload()).isEqualTo("b");
        }
    }

    @Test
    @DisplayName("[MQTT-4.6.0-2] QoS 1 messages on one topic arrive in the order they were published")
    void ordering_isKeptPerTopic() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("s-order")); Raw pub = Raw.connected(broker.port(), c4("p-order"))) {
            sub.send(P.subscribe(1, null, "order/t", 1)).expect(P.suback(1, 1));
            for (int i = 1; i <= 200; i++) {
                pub.send(P.publish(1, "order/t", i, "n" + i));
            }
            for (int i = 1; i <= 200; i++) {
                Decoded d = Raw.decode(sub.read(), io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1);
                assertThat(d.payload()).isEqualTo("n" + i);
                sub.send(P.puback(d.packetId()));
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.4-8] QoS is downgraded to the subscription's; upgrade_qos raises it instead")
    void qosDowngradeAndUpgrade() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("s-down")); Raw pub = Raw.connected(broker.port(), c4("p-down"))) {
            sub.send(P.subscribe(1, null, "down/t", 0)).expect(P.suback(1, 0));
            pub.send(P.publish(2, "down/t", 1, "x")).expect(P.pubrec(1));
            sub.expect(P.publish(0, "down/t", 0, "x"));
        }
        try (TestBroker b = TestBroker.start("upgrade_qos", "true");
             Raw sub = Raw.connected(b.port(), c4("s-up")); Raw pub = Raw.connected(b.port(), c4("p-up"))) {
            sub.send(P.subscribe(1, null, "up/t", 2)).expect(P.suback(1, 2));
            pub.send(P.publish(0, "up/t", 0, "x"));
            sub.expect(P.publish(2, false, false, "up/t", 1, null, bytes("x")));
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-12] retain_available = false: a retained PUBLISH gets DISCONNECT 0x9A")
    void retainUnavailable_isRefused() throws Exception {
        try (TestBroker b = TestBroker.start("retain_available", "false"); Raw r = Raw.open(b.port())) {
            r.send(c5("no-retain"));
            assertThat(r.read5().intProp(MqttProperties.RETAIN_AVAILABLE)).isZero();
            r.send(P.publish(0, true, false, "r/t", 0, P.noProps(), bytes("x")));
            r.expectDisconnect5(0x9A);
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-11] max_qos_allowed: announced in CONNACK; a higher QoS gets DISCONNECT 0x9B")
    void qosAboveMaximum_isRefused() throws Exception {
        try (TestBroker b = TestBroker.start("max_qos_allowed", "1"); Raw r = Raw.open(b.port())) {
            r.send(c5("max-q"));
            assertThat(r.read5().intProp(MqttProperties.MAXIMUM_QOS)).isEqualTo(1);
            r.send(P.publish(2, false, false, "q/t", 1, P.noProps(), bytes("x")));
            r.expectDisconnect5(0x9B);
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-15] max_packet_size: a bigger packet gets DISCONNECT 0x95 Packet too large")
    void packetAboveMaximum_isTooLarge() throws Exception {
        try (TestBroker b = TestBroker.start("max_packet_size", "1KB"); Raw r = Raw.connected5(b.port(), c5("big"))) {
            r.send(P.publish(0, false, false, "big/t", 0, P.noProps(), new byte[2000]));
            r.expectDisconnect5(0x95);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] a message above the client's Maximum Packet Size is dropped for that client")
    void messageAboveClientMaximum_isDroppedForThatClient() throws Exception {
        long before = broker.broker().metrics().get("delivery.dropped.too_large");
        try (Raw small = Raw.connected5(broker.port(), P.connect(5).clientId("s-small")
                .props(P.props().u32(0x27, 64).bytes()).bytes());
             Raw pub = Raw.connected(broker.port(), c4("p-small"))) {
            small.send(P.subscribe(1, P.noProps(), "size/t", 0));
            small.read5();
            pub.send(P.publish(0, false, false, "size/t", 0, null, new byte[200]));
            pub.send(P.publish(0, "size/t", 0, "fits"));
            assertThat(small.read5().payload()).isEqualTo("fits");
        }
        assertThat(broker.broker().metrics().get("delivery.dropped.too_large")).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-11] topic aliases to the client: topic and alias first, then the alias alone")
    void topicAlias_outbound() throws Exception {
        try (Raw sub = Raw.connected5(broker.port(), P.connect(5).clientId("s-oalias")
                .props(P.props().u16(0x22, 10).bytes()).bytes()); Raw pub = Raw.connected(broker.port(), c4("p-oalias"))) {
            sub.send(P.subscribe(1, P.noProps(), "oalias/t", 0));
            sub.read5();
            pub.send(P.publish(0, "oalias/t", 0, "1"));
            pub.send(P.publish(0, "oalias/t", 0, "2"));
            Decoded first = sub.read5();
            Decoded second = sub.read5();
            assertThat(first.topic()).isEqualTo("oalias/t");
            assertThat(first.intProp(MqttProperties.TOPIC_ALIAS)).isEqualTo(1);
            assertThat(second.topic()).isEmpty();
            assertThat(second.intProp(MqttProperties.TOPIC_ALIAS)).isEqualTo(1);
            assertThat(second.payload()).isEqualTo("2");
        }
    }

    @Test
    @DisplayName("retry_interval: 3.1.1 clients get unacknowledged messages again, with DUP")
    void retryInterval_resendsToV311Clients() throws Exception {
        try (TestBroker b = TestBroker.start("retry_interval", "300ms");
             Raw sub = Raw.connected(b.port(), c4("s-retry")); Raw pub = Raw.connected(b.port(), c4("p-retry"))) {
            sub.send(P.subscribe(1, null, "retry/t", 1)).expect(P.suback(1, 1));
            pub.send(P.publish(1, "retry/t", 1, "r")).expect(P.puback(1));
            sub.expect(P.publish(1, false, false, "retry/t", 1, null, bytes("r")));
            sub.expect(P.publish(1, false, true, "retry/t", 1, null, bytes("r")));
            sub.send(P.puback(1));
            sub.expectNothing(600);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.4-7] MQTT 5: more QoS 2 messages awaiting PUBREL than Receive Maximum gets DISCONNECT 0x93")
    void receiveMaximumExceeded_isDisconnected() throws Exception {
        try (TestBroker b = TestBroker.start("max_awaiting_rel", "2"); Raw pub = Raw.connected5(b.port(), c5("p-rmx"))) {
            for (int i = 1; i <= 2; i++) {
                pub.send(P.publish(2, false, false, "rmx", i, P.noProps(), bytes("x")));
                assertThat(pub.read5().type()).isEqualTo("PUBREC");
            }
            pub.send(P.publish(2, false, false, "rmx", 3, P.noProps(), bytes("x")));
            pub.expectDisconnect5(0x93);
        }
    }
}
