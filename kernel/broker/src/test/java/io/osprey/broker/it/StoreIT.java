package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import io.osprey.broker.session.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store = disk}: persistent sessions, their messages (queued and in flight, QoS 2 state) and retained
 * messages come back after the broker stops and starts again on the same data folder.
 */
class StoreIT {

    @TempDir
    Path data;

    TestBroker start() throws Exception {
        return TestBroker.start("store", "disk", "data_dir", data.toString(), "store.commit_interval", "20ms");
    }

    static byte[] persistent(String id) {
        return P.connect(4).clientId(id).clean(false).bytes();
    }

    static Decoded next(Raw r) throws Exception {
        return Raw.decode(r.read(), MqttVersion.MQTT_3_1_1);
    }

    @Test
    @DisplayName("QoS 1 and 2 messages queued for an offline persistent session survive a restart, in order")
    void queuedMessagesSurviveRestart() throws Exception {
        try (TestBroker b = start()) {
            try (Raw s1 = Raw.connected(b.port(), persistent("sub1")); Raw s2 = Raw.connected(b.port(),
                    persistent("sub2"))) {
                s1.send(P.subscribe(1, null, "q/1", 1)).expect(P.suback(1, 1));
                s2.send(P.subscribe(1, null, "q/2", 2)).expect(P.suback(1, 2));
            }
            try (Raw pub = Raw.connected(b.port(), P.connect(4).clientId("pub").bytes())) {
                for (int i = 1; i <= 50; i++) {
                    pub.send(P.publish(1, "q/1", i, "one-" + i)).expect(P.puback(i));
                    pub.send(P.publish(2, "q/2", i, "two-" + i)).expect(P.pubrec(i));
                    pub.send(P.pubrel(i)).expect(P.pubcomp(i));
                }
            }
        }
        try (TestBroker b = start(); Raw s1 = Raw.open(b.port()); Raw s2 = Raw.open(b.port())) {
            s1.send(persistent("sub1")).expect(P.connack(true, 0));
            for (int i = 1; i <= 50; i++) {
                Decoded d = next(s1);
                assertThat(d.payload()).isEqualTo("one-" + i);
                s1.send(P.puback(d.packetId()));
            }
            s1.expectNothing(200);
            s2.send(persistent("sub2")).expect(P.connack(true, 0));
            List<String> twos = new ArrayList<>();
            int released = 0;
            while (twos.size() < 50 || released < 50) {
                byte[] p = s2.read();
                if ((p[0] & 0xF0) == 0x30) {
                    Decoded d = Raw.decode(p, MqttVersion.MQTT_3_1_1);
                    assertThat(d.qos()).isEqualTo(2);
                    twos.add(d.payload());
                    s2.send(P.pubrec(d.packetId()));
                } else {
                    assertThat(p[0] & 0xFF).isEqualTo(0x62); // PUBREL
                    s2.send(P.pubcomp(((p[2] & 0xFF) << 8) | (p[3] & 0xFF)));
                    released++;
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                expected.add("two-" + i);
            }
            assertThat(twos).containsExactlyElementsOf(expected); // exactly once, in order
            s2.expectNothing(200);
        }
        try (TestBroker b = start(); Raw s1 = Raw.open(b.port())) {
            s1.send(persistent("sub1")).expect(P.connack(true, 0));
            s1.expectNothing(300); // acknowledged messages are gone from the store
        }
    }

    @Test
    @DisplayName("in-flight messages and QoS 2 PUBREL state come back with their packet ids, resent with DUP")
    void inflightStateSurvivesRestart() throws Exception {
        int ackedId;
        try (TestBroker b = start()) {
            try (Raw sub = Raw.connected(b.port(), persistent("inflight")); Raw pub = Raw.connected(b.port(),
                    P.connect(4).clientId("p").bytes())) {
                sub.send(P.subscribe(1, null, "if/1", 1, "if/2", 2)).expect(P.suback(1, 1, 2));
                pub.send(P.publish(1, "if/1", 1, "unacked")).expect(P.puback(1));
                pub.send(P.publish(2, "if/2", 2, "half")).expect(P.pubrec(2));
                pub.send(P.pubrel(2)).expect(P.pubcomp(2));
                Decoded a = next(sub);
                Decoded q2 = next(sub);
                assertThat(a.payload()).isEqualTo("unacked");
                sub.send(P.pubrec(q2.packetId())).expect(P.pubrel(q2.packetId()));
                ackedId = q2.packetId();
                b.broker().store().sync().get();
            }
        }
        try (TestBroker b = start(); Raw sub = Raw.open(b.port())) {
            sub.send(persistent("inflight")).expect(P.connack(true, 0));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                got.add(P.hex(sub.read()));
            }
            assertThat(got).contains(P.hex(P.pubrel(ackedId)));
            assertThat(got).anyMatch(h -> h.startsWith("3a")); // PUBLISH QoS 1 with DUP set
        }
    }

    @Test
    @DisplayName("retained messages and subscriptions survive a restart; new messages queue for the offline session")
    void retainedAndSubscriptionsSurviveRestart() throws Exception {
        try (TestBroker b = start()) {
            try (Raw sub = Raw.connected(b.port(), persistent("subs"))) {
                sub.send(P.subscribe(1, null, "later/#", 1)).expect(P.suback(1, 1));
            }
            try (Raw pub = Raw.connected(b.port(), P.connect(4).clientId("rp").bytes())) {
                pub.send(P.publish(1, true, false, "ret/keep", 1, null, "kept".getBytes(StandardCharsets.UTF_8)))
                        .expect(P.puback(1));
            }
        }
        try (TestBroker b = start()) {
            try (Raw pub = Raw.connected(b.port(), P.connect(4).clientId("rp2").bytes())) {
                pub.send(P.publish(1, "later/x", 1, "after-restart")).expect(P.puback(1));
            }
            try (Raw sub = Raw.open(b.port())) {
                sub.send(persistent("subs")).expect(P.connack(true, 0));
                assertThat(next(sub).payload()).isEqualTo("after-restart");
            }
            try (Raw late = Raw.connected(b.port(), P.connect(4).clientId("late").bytes())) {
                late.send(P.subscribe(1, null, "ret/#", 0)).expect(P.suback(1, 0));
                late.expect(P.publish(0, true, false, "ret/keep", 0, null, "kept".getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    @DisplayName("session expiry keeps counting while the node is down")
    void expiryCountsDowntime() throws Exception {
        try (TestBroker b = start(); Raw r = Raw.open(b.port())) {
            r.send(P.connect(5).clientId("short").clean(false).props(P.props().u32(0x11, 2).bytes()).bytes());
            r.read5();
        }
        Thread.sleep(2500);
        try (TestBroker b = start(); Raw r = Raw.open(b.port())) {
            r.send(P.connect(5).clientId("short").clean(false).props(P.props().u32(0x11, 2).bytes()).bytes());
            assertThat(r.read5().sessionPresent()).isFalse();
        }
    }

    @Test
    @DisplayName("a QoS 2 packet id awaiting PUBREL survives a restart (PUBCOMP 0, not 0x92)")
    void awaitingRelSurvivesRestart() throws Exception {
        try (TestBroker b = start(); Raw pub = Raw.connected(b.port(), P.connect(5).clientId("rel").clean(false)
                .props(P.props().u32(0x11, 60).bytes()).bytes())) {
            pub.send(P.publish(2, false, false, "x/y", 9, P.noProps(), "m".getBytes()));
            assertThat(pub.read5().type()).isEqualTo("PUBREC");
        }
        try (TestBroker b = start(); Raw pub = Raw.open(b.port())) {
            pub.send(P.connect(5).clientId("rel").clean(false).props(P.props().u32(0x11, 60).bytes()).bytes());
            assertThat(pub.read5().sessionPresent()).isTrue();
            pub.send(P.pubrel(9)).expect(P.pubcomp(9));
        }
    }

    @Test
    @DisplayName("a long offline queue stays on disk: nothing of it in memory until the client reads it back")
    void offlineQueueIsNotInMemory() throws Exception {
        try (TestBroker b = start("max_mqueue_len", "0")) {
            try (Raw sub = Raw.connected(b.port(), persistent("backlog"))) {
                sub.send(P.subscribe(1, null, "bl/t", 1)).expect(P.suback(1, 1));
            }
            // publish only once the session is offline: messages reaching the closing connection would be in flight
            Session s = b.broker().sessions().get("backlog");
            await().until(() -> !s.isOnline());
            try (Raw pub = Raw.connected(b.port(), P.connect(4).clientId("blp").bytes())) {
                for (int i = 1; i <= 3000; i++) {
                    pub.send(P.publish(1, "bl/t", (i % 65535) + 1, "m" + i));
                }
                for (int i = 1; i <= 3000; i++) {
                    pub.read();
                }
            }
            await().until(() -> s.sizes()[1] == 3000);
            assertThat(s.sizes()[3]).as("queued messages in memory while offline").isZero();
            try (Raw sub = Raw.open(b.port())) {
                sub.send(persistent("backlog")).expect(P.connack(true, 0));
                for (int i = 1; i <= 3000; i++) {
                    Decoded d = next(sub);
                    assertThat(d.payload()).isEqualTo("m" + i);
                    sub.send(P.puback(d.packetId()));
                    if (i == 100) {
                        assertThat(s.sizes()[3]).as("a window, not the whole queue")
                                .isLessThanOrEqualTo(256);
                    }
                }
            }
        }
    }

    TestBroker start(String... more) throws Exception {
        List<String> kv = new ArrayList<>(List.of("store", "disk", "data_dir", data.toString(),
                "store.commit_interval", "20ms"));
        kv.addAll(List.of(more));
        return TestBroker.start(kv.toArray(new String[0]));
    }
}
