package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Will messages: when they are published, delayed, retained, and when they are not. */
class WillRulesIT {

    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private Raw watcher(String id, String topic) throws Exception {
        Raw w = Raw.connected5(broker.port(), P.connect(5).clientId(id).props(P.noProps()).bytes());
        w.send(P.subscribe(1, P.noProps(), topic, 1));
        w.read5();
        return w;
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] the will is published when the connection closes without DISCONNECT")
    void abnormalClose_publishesWill() throws Exception {
        try (Raw w = watcher("w1", "will/1")) {
            Raw dying = Raw.connected(broker.port(), P.connect(4).clientId("d1").will("will/1", "bye", 1, false)
                    .bytes());
            dying.close();
            Decoded got = w.read5();
            assertThat(got.payload()).isEqualTo("bye");
            assertThat(got.qos()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-10] a normal DISCONNECT discards the will")
    void normalDisconnect_discardsWill() throws Exception {
        try (Raw w = watcher("w2", "will/2")) {
            Raw leaving = Raw.connected(broker.port(), P.connect(4).clientId("d2").will("will/2", "bye", 0, false)
                    .bytes());
            leaving.send(P.disconnect());
            leaving.expectClosed();
            w.expectNothing(500);
        }
    }

    @Test
    @DisplayName("MQTT 5: DISCONNECT with reason 0x04 publishes the will")
    void disconnectWithWill_publishesWill() throws Exception {
        try (Raw w = watcher("w3", "will/3")) {
            Raw leaving = Raw.connected5(broker.port(), P.connect(5).clientId("d3").props(P.noProps())
                    .will("will/3", "asked", 0, false).willProps(P.noProps()).bytes());
            leaving.send(P.disconnect5(0x04, P.noProps()));
            leaving.expectClosed();
            assertThat(w.read5().payload()).isEqualTo("asked");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] Will Delay Interval: published after the delay, not before")
    void willDelay_delaysTheWill() throws Exception {
        try (Raw w = watcher("w4", "will/4")) {
            Raw dying = Raw.connected5(broker.port(), P.connect(5).clientId("d4")
                    .props(P.props().u32(0x11, 60).bytes())
                    .will("will/4", "late", 0, false).willProps(P.props().u32(0x18, 1).bytes()).bytes());
            dying.close();
            w.expectNothing(600);
            assertThat(w.read5().payload()).isEqualTo("late");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] reconnecting within the Will Delay Interval cancels the will")
    void reconnectWithinWillDelay_cancelsTheWill() throws Exception {
        byte[] connect = P.connect(5).clientId("d5").clean(false).props(P.props().u32(0x11, 60).bytes())
                .will("will/5", "never", 0, false).willProps(P.props().u32(0x18, 2).bytes()).bytes();
        try (Raw w = watcher("w5", "will/5")) {
            Raw.connected5(broker.port(), connect).close();
            Thread.sleep(300);
            try (Raw back = Raw.open(broker.port())) {
                back.send(connect);
                assertThat(back.read5().sessionPresent()).isTrue();
                w.expectNothing(2500);
                back.send(P.disconnect5(0, P.noProps()));
            }
        }
    }

    @Test
    @DisplayName("a will delay longer than the session: the will goes out when the session ends")
    void sessionEndingBeforeWillDelay_publishesWillAtSessionEnd() throws Exception {
        try (Raw w = watcher("w6", "will/6")) {
            Raw dying = Raw.connected5(broker.port(), P.connect(5).clientId("d6")
                    .props(P.props().u32(0x11, 1).bytes())
                    .will("will/6", "at-end", 0, false).willProps(P.props().u32(0x18, 30).bytes()).bytes());
            dying.close();
            w.expectNothing(500);
            assertThat(w.read5().payload()).isEqualTo("at-end");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-17] a will with the retain flag is retained")
    void retainedWill_isRetained() throws Exception {
        Raw dying = Raw.connected(broker.port(), P.connect(4).clientId("d7").will("will/7", "kept", 0, true).bytes());
        dying.close();
        Thread.sleep(300);
        try (Raw late = Raw.connected(broker.port(), P.connect(4).clientId("late7").bytes())) {
            late.send(P.subscribe(1, null, "will/7", 0)).expect(P.suback(1, 0));
            late.expect(P.publish(0, true, false, "will/7", 0, null, "kept".getBytes()));
        }
    }

    @Test
    @DisplayName("a keep-alive timeout publishes the will")
    void keepAliveTimeout_publishesWill() throws Exception {
        try (Raw w = watcher("w8", "will/8"); Raw sleepy = Raw.connected(broker.port(), P.connect(4).clientId("d8")
                .keepAlive(1).will("will/8", "timed-out", 0, false).bytes())) {
            assertThat(w.read5().payload()).isEqualTo("timed-out");
        }
    }

    @Test
    @DisplayName("will properties (user properties, content type) are published with the will")
    void willProperties_arePublished() throws Exception {
        try (Raw w = watcher("w9", "will/9")) {
            Raw dying = Raw.connected5(broker.port(), P.connect(5).clientId("d9").props(P.noProps())
                    .will("will/9", "p", 0, false).willProps(P.props().str(0x03, "text/plain").user("why", "crash")
                            .bytes()).bytes());
            dying.close();
            Decoded got = w.read5();
            assertThat(got.strProp(io.netty.handler.codec.mqtt.MqttProperties.CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(got.userProperties()).containsExactly("why=crash");
        }
    }

    @Test
    @DisplayName("3.1.1 takeover: the will of the connection that was taken over is published")
    void takeover_publishesTheOldWill() throws Exception {
        try (Raw w = watcher("w10", "will/10")) {
            Raw old = Raw.connected(broker.port(), P.connect(4).clientId("d10").will("will/10", "replaced", 0, false)
                    .bytes());
            try (Raw fresh = Raw.connected(broker.port(), P.connect(4).clientId("d10").bytes())) {
                assertThat(w.read5().payload()).isEqualTo("replaced");
            }
            old.close();
        }
    }
}
