package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Publish/subscribe flows with a real MQTT 3.1.1 client library (Eclipse Paho) over TCP. */
class PubSubIT {

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
    void qos0_exactTopic_isDelivered() throws Exception {
        try (var sub = Clients.v3(broker, "s0"); var pub = Clients.v3(broker, "p0")) {
            sub.subscribe("a/b", 0);
            pub.publish("a/b", "hello", 0, false);
            Clients.Received r = sub.next();
            assertThat(r).isNotNull();
            assertThat(r.topic()).isEqualTo("a/b");
            assertThat(r.payload()).isEqualTo("hello");
        }
    }

    @Test
    void wildcards_matchPlusAndHash() throws Exception {
        try (var sub = Clients.v3(broker, "s1"); var pub = Clients.v3(broker, "p1")) {
            sub.subscribe("w/+/x", 1);
            sub.subscribe("h/#", 1);
            pub.publish("w/1/x", "plus", 1, false);
            pub.publish("w/1/y", "no", 1, false);
            pub.publish("h", "hash-parent", 1, false);
            pub.publish("h/a/b/c", "hash-deep", 1, false);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                got.add(sub.next().payload());
            }
            assertThat(got).containsExactlyInAnyOrder("plus", "hash-parent", "hash-deep");
            assertThat(sub.poll(300)).isNull();
        }
    }

    @Test
    void qos1and2_areDeliveredOnceWithDowngrade() throws Exception {
        try (var sub = Clients.v3(broker, "s2"); var pub = Clients.v3(broker, "p2")) {
            sub.subscribe("q/2", 2);
            sub.subscribe("q/1", 1);
            pub.publish("q/2", "two", 2, false);
            pub.publish("q/1", "one-from-two", 2, false);
            // no order between the two topics: the client hands a QoS 2 message over only after its PUBREL, so
            // the QoS 1 one may overtake it
            Map<String, Integer> qosByPayload = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                Clients.Received r = sub.next();
                qosByPayload.put(r.payload(), r.message().getQos());
            }
            assertThat(qosByPayload).containsExactlyInAnyOrderEntriesOf(Map.of("two", 2, "one-from-two", 1));
            assertThat(sub.poll(300)).isNull();
        }
    }

    @Test
    void retained_isDeliveredOnSubscribe_andClearedByEmptyPayload() throws Exception {
        try (var pub = Clients.v3(broker, "p3")) {
            pub.publish("r/1", "kept", 1, true);
            try (var sub = Clients.v3(broker, "s3")) {
                sub.subscribe("r/+", 1);
                Clients.Received r = sub.next();
                assertThat(r.payload()).isEqualTo("kept");
                assertThat(r.message().isRetained()).isTrue();
            }
            pub.client.publish("r/1", new byte[0], 1, true);
            try (var sub = Clients.v3(broker, "s3b")) {
                sub.subscribe("r/+", 1);
                assertThat(sub.poll(300)).isNull();
            }
        }
    }

    @Test
    void persistentSession_queuesWhileOffline_andResumes() throws Exception {
        MqttConnectOptions o = Clients.persistent();
        try (var sub = Clients.v3(broker, "s4", o)) {
            sub.subscribe("p/q", 1);
        }
        try (var pub = Clients.v3(broker, "p4")) {
            for (int i = 0; i < 5; i++) {
                pub.publish("p/q", "m" + i, 1, false);
            }
        }
        try (var sub = Clients.v3(broker, "s4", o)) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(sub.next().payload());
            }
            assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
        }
    }

    @Test
    void will_isPublishedWhenClientDropsWithoutDisconnect() throws Exception {
        try (var sub = Clients.v3(broker, "s5")) {
            sub.subscribe("will/5", 1);
            MqttConnectOptions o = new MqttConnectOptions();
            o.setWill("will/5", "gone".getBytes(), 1, false);
            var dying = Clients.v3(broker, "d5", o);
            dying.client.disconnectForcibly(0, 0, false);
            Clients.Received r = sub.next();
            assertThat(r).isNotNull();
            assertThat(r.payload()).isEqualTo("gone");
            dying.close();
        }
    }

    @Test
    void sameClientId_takesOverTheFirstConnection() throws Exception {
        var first = Clients.v3(broker, "dup");
        var second = Clients.v3(broker, "dup");
        long deadline = System.currentTimeMillis() + 5000;
        while (first.client.isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(first.client.isConnected()).isFalse();
        assertThat(second.client.isConnected()).isTrue();
        first.close();
        second.close();
    }
}
