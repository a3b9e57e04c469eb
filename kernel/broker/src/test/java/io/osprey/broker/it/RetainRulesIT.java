package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retained messages: store, replace, delete, delivery on subscribe, Retain Handling, Retain As Published. */
class RetainRulesIT {

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

    static byte[] retained(String topic, String payload) {
        return P.publish(0, true, false, topic, 0, null, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("[MQTT-3.3.1-5,-8] a retained message is sent to new subscriptions with RETAIN 1")
    void retained_isSentOnSubscribe_withRetainFlag() throws Exception {
        try (Raw pub = Raw.connected(broker.port(), c4("rp1"))) {
            pub.send(retained("ret/a", "v1"));
            pub.send(P.pingreq()).expect(P.pingresp());
        }
        try (Raw sub = Raw.connected(broker.port(), c4("rs1"))) {
            sub.send(P.subscribe(1, null, "ret/+", 0)).expect(P.suback(1, 0));
            sub.expect(P.publish(0, true, false, "ret/a", 0, null, "v1".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-5] a new retained message replaces the old one")
    void retained_isReplaced() throws Exception {
        try (Raw pub = Raw.connected(broker.port(), c4("rp2"))) {
            pub.send(retained("ret/b", "old"), retained("ret/b", "new"));
            pub.send(P.pingreq()).expect(P.pingresp());
        }
        try (Raw sub = Raw.connected(broker.port(), c4("rs2"))) {
            sub.send(P.subscribe(1, null, "ret/b", 0)).expect(P.suback(1, 0));
            sub.expect(P.publish(0, true, false, "ret/b", 0, null, "new".getBytes(StandardCharsets.UTF_8)));
            sub.expectNothing(200);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-6,-7] an empty retained message deletes the retained message and is still forwarded")
    void emptyRetained_deletes() throws Exception {
        try (Raw live = Raw.connected(broker.port(), c4("rlive")); Raw pub = Raw.connected(broker.port(), c4("rp3"))) {
            live.send(P.subscribe(1, null, "ret/c", 0)).expect(P.suback(1, 0));
            pub.send(retained("ret/c", "x"));
            live.expect(P.publish(0, "ret/c", 0, "x"));
            pub.send(retained("ret/c", ""));
            live.expect(P.publish(0, "ret/c", 0, ""));
        }
        try (Raw sub = Raw.connected(broker.port(), c4("rs3"))) {
            sub.send(P.subscribe(1, null, "ret/c", 0)).expect(P.suback(1, 0));
            sub.expectNothing(300);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-9] live messages reach existing subscriptions with RETAIN 0 (without Retain As Published)")
    void liveRetainedMessage_hasRetainZero_unlessRetainAsPublished() throws Exception {
        try (Raw plain = Raw.connected5(broker.port(), c5("rap-no")); Raw rap = Raw.connected5(broker.port(), c5("rap-yes"));
             Raw pub = Raw.connected(broker.port(), c4("rp4"))) {
            plain.send(P.subscribe(1, P.noProps(), "ret/live", 0));
            plain.read5();
            rap.send(P.subscribe(1, P.noProps(), "ret/live", 0x08));
            rap.read5();
            pub.send(retained("ret/live", "r"));
            assertThat(plain.read5().retain()).isFalse();
            assertThat(rap.read5().retain()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-10,-11] Retain Handling: 0 always, 1 only for a new subscription, 2 never")
    void retainHandling() throws Exception {
        try (Raw pub = Raw.connected(broker.port(), c4("rp5"))) {
            pub.send(retained("ret/rh", "keep"));
            pub.send(P.pingreq()).expect(P.pingresp());
        }
        try (Raw sub = Raw.connected5(broker.port(), c5("rh"))) {
            sub.send(P.subscribe(1, P.noProps(), "ret/rh", 0x10)); // 1: only if new
            assertThat(sub.read5().type()).isEqualTo("SUBACK");
            assertThat(sub.read5().payload()).isEqualTo("keep");
            sub.send(P.subscribe(2, P.noProps(), "ret/rh", 0x10)); // same again: not new
            assertThat(sub.read5().type()).isEqualTo("SUBACK");
            sub.expectNothing(300);
            sub.send(P.subscribe(3, P.noProps(), "ret/rh", 0x00)); // 0: always
            sub.read5();
            assertThat(sub.read5().payload()).isEqualTo("keep");
            sub.send(P.subscribe(4, P.noProps(), "ret/+", 0x20)); // 2: never
            sub.read5();
            sub.expectNothing(300);
        }
    }

    @Test
    @DisplayName("retained messages are matched by wildcards, not by leading wildcards for $ topics")
    void retainedWildcardMatching() throws Exception {
        try (Raw pub = Raw.connected(broker.port(), c4("rp6"))) {
            pub.send(retained("wild/a/1", "a1"), retained("wild/b/1", "b1"), retained("wild/a/2", "a2"),
                    retained("$wild/x", "dollar"));
            pub.send(P.pingreq()).expect(P.pingresp());
        }
        try (Raw sub = Raw.connected(broker.port(), c4("rs6"))) {
            sub.send(P.subscribe(1, null, "wild/+/1", 0)).expect(P.suback(1, 0));
            java.util.Set<String> got = new java.util.HashSet<>();
            got.add(Raw.decode(sub.read(), io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1).payload());
            got.add(Raw.decode(sub.read(), io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1).payload());
            assertThat(got).containsExactlyInAnyOrder("a1", "b1");
            sub.send(P.subscribe(2, null, "#", 0)).expect(P.suback(2, 0));
            java.util.Set<String> all = new java.util.HashSet<>();
            byte[] p;
            while ((p = sub.read(300)) != null) {
                all.add(Raw.decode(p, io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1).topic());
            }
            assertThat(all).contains("wild/a/1", "wild/a/2", "wild/b/1").doesNotContain("$wild/x");
        }
    }

    @Test
    @DisplayName("an expired retained message is not delivered")
    void expiredRetained_isNotDelivered() throws Exception {
        try (Raw pub = Raw.connected5(broker.port(), c5("rp7"))) {
            pub.send(P.publish(0, true, false, "ret/exp", 0, P.props().u32(0x02, 1).bytes(),
                    "short".getBytes(StandardCharsets.UTF_8)));
            pub.send(P.pingreq()).expect(P.pingresp());
        }
        Thread.sleep(1200);
        try (Raw sub = Raw.connected(broker.port(), c4("rs7"))) {
            sub.send(P.subscribe(1, null, "ret/exp", 0)).expect(P.suback(1, 0));
            sub.expectNothing(300);
        }
    }

    @Test
    @DisplayName("retainer.max_retained_messages and retainer.max_payload_size limit what is retained")
    void retainedLimits() throws Exception {
        try (TestBroker b = TestBroker.start("retainer.max_retained_messages", "2", "retainer.max_payload_size", "10");
             Raw pub = Raw.connected(b.port(), c4("limits"))) {
            pub.send(retained("l/1", "1"), retained("l/2", "2"), retained("l/3", "3"),
                    retained("l/big", "0123456789ABCDEF"), retained("l/1", "1b"));
            pub.send(P.pingreq()).expect(P.pingresp());
            assertThat(b.broker().retained().get("l/2")).isNotNull();
            assertThat(b.broker().retained().get("l/3")).isNull();
            assertThat(b.broker().retained().get("l/big")).isNull();
            assertThat(b.broker().retained().get("l/1").payloadAsString()).isEqualTo("1b");
            assertThat(b.broker().metrics().get("messages.retained.dropped.too_large")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("retained messages are not sent for shared subscriptions")
    void sharedSubscription_getsNoRetained() throws Exception {
        try (Raw pub = Raw.connected(broker.port(), c4("rp8"))) {
            pub.send(retained("ret/shared", "x"));
            pub.send(P.pingreq()).expect(P.pingresp());
        }
        try (Raw sub = Raw.connected(broker.port(), c4("rs8"))) {
            sub.send(P.subscribe(1, null, "$share/g/ret/shared", 0)).expect(P.suback(1, 0));
            sub.expectNothing(300);
        }
    }

}
