package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SUBSCRIBE / UNSUBSCRIBE, topic filter rules, No Local, subscription identifiers, shared subscriptions. */
class SubscribeRulesIT {

    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start("shared_subscription_strategy", "round_robin");
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

    @Test
    @DisplayName("[MQTT-4.7.1-2,-3] invalid topic filters get SUBACK 0x80 (3.1.1) and 0x8F (5)")
    void invalidFilters_areRefusedPerFilter() throws Exception {
        try (Raw r = Raw.connected(broker.port(), c4("bad-filters"))) {
            r.send(P.subscribe(1, null, "a/#/b", 0, "a+", 0, "ok/+", 1, "#x", 0));
            r.expect(P.suback(1, 0x80, 0x80, 1, 0x80));
        }
        try (Raw r = Raw.connected5(broker.port(), c5("bad-filters5"))) {
            r.send(P.subscribe(1, P.noProps(), "a/#/b", 0, "ok", 2));
            Decoded ack = r.read5();
            assertThat(ack.codes()).containsExactly(0x8F, 2);
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.3-3] a SUBSCRIBE without filters is a protocol violation")
    void emptySubscribe_closes() throws Exception {
        try (Raw r = Raw.connected(broker.port(), c4("empty-sub"))) {
            r.send(P.subscribe(1, null));
            assertThat(r.expectClosed()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.3-5] 3.1.1: reserved bits in the subscription options close the connection")
    void reservedOptionBits_v311_close() throws Exception {
        try (Raw r = Raw.connected(broker.port(), c4("reserved-opts"))) {
            r.send(P.subscribe(1, null, "a", 0x04));
            assertThat(r.expectClosed()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-3.10.3-2] an UNSUBSCRIBE without filters is a protocol violation")
    void emptyUnsubscribe_closes() throws Exception {
        try (Raw r = Raw.connected(broker.port(), c4("empty-unsub"))) {
            r.send(P.unsubscribe(1, null));
            assertThat(r.expectClosed()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-3.11.3] MQTT 5: UNSUBACK says 0x11 for a subscription that did not exist")
    void unsubscribeUnknown_getsNoSubscriptionExisted() throws Exception {
        try (Raw r = Raw.connected5(broker.port(), c5("unsub5"))) {
            r.send(P.subscribe(1, P.noProps(), "u/a", 0));
            r.read5();
            r.send(P.unsubscribe(2, P.noProps(), "u/a", "u/never"));
            Decoded ack = r.read5();
            assertThat(ack.type()).isEqualTo("UNSUBACK");
            assertThat(ack.codes()).containsExactly(0, 0x11);
        }
    }

    @Test
    @DisplayName("[MQTT-3.10.4-1] after UNSUBSCRIBE no more messages arrive for the filter")
    void unsubscribe_stopsDelivery() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("s-unsub")); Raw pub = Raw.connected(broker.port(), c4("p-unsub"))) {
            sub.send(P.subscribe(1, null, "gone/+", 0)).expect(P.suback(1, 0));
            sub.send(P.unsubscribe(2, null, "gone/+")).expect(P.unsuback(2));
            pub.send(P.publish(0, "gone/x", 0, "x"));
            sub.expectNothing(300);
        }
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] + and # at the first level do not match topics starting with $")
    void dollarTopics_areNotMatchedByLeadingWildcards() throws Exception {
        // publishing to a $ topic needs an explicit ACL allow
        ClientCheckAcl allowApp = (client, action, topic) ->
                (topic.startsWith("$app/") ? AclResult.ALLOW : AclResult.IGNORE).stage();
        broker.broker().hooks().register(allowApp, "allow-app", 0);
        try (Raw sub = Raw.connected(broker.port(), c4("s-dollar")); Raw pub = Raw.connected(broker.port(), c4("p-dollar"))) {
            sub.send(P.subscribe(1, null, "#", 0, "+/x", 0, "$app/+", 0)).expect(P.suback(1, 0, 0, 0));
            pub.send(P.publish(0, "$app/x", 0, "dollar"));
            sub.expect(P.publish(0, "$app/x", 0, "dollar")); // only through $app/+
            sub.expectNothing(300);
        } finally {
            broker.broker().hooks().unregister(allowApp);
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.3-3] No Local: a client does not get its own messages back")
    void noLocal_skipsOwnMessages() throws Exception {
        try (Raw c = Raw.connected5(broker.port(), c5("nolocal"))) {
            c.send(P.subscribe(1, P.noProps(), "nl/t", 0x04));
            c.read5();
            c.send(P.publish(0, false, false, "nl/t", 0, P.noProps(), "self".getBytes(StandardCharsets.UTF_8)));
            c.expectNothing(300);
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.3-4] No Local on a shared subscription is a Protocol Error")
    void noLocalOnShared_isProtocolError() throws Exception {
        try (Raw c = Raw.connected5(broker.port(), c5("nolocal-shared"))) {
            c.send(P.subscribe(1, P.noProps(), "$share/g/t", 0x04));
            c.expectDisconnect5(0x82);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.4-3] the Subscription Identifier of the matching subscription is sent with the message")
    void subscriptionIdentifier_isDelivered() throws Exception {
        try (Raw sub = Raw.connected5(broker.port(), c5("s-subid")); Raw pub = Raw.connected(broker.port(), c4("p-subid"))) {
            sub.send(P.subscribe(1, P.props().varInt(0x0B, 42).bytes(), "sid/+", 0));
            sub.read5();
            pub.send(P.publish(0, "sid/a", 0, "x"));
            assertThat(sub.read5().subscriptionIds()).containsExactly(42);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.5-1] overlapping subscriptions: one copy per subscription, each with its own QoS")
    void overlappingSubscriptions_getOneCopyEach() throws Exception {
        try (Raw sub = Raw.connected(broker.port(), c4("s-overlap")); Raw pub = Raw.connected(broker.port(), c4("p-overlap"))) {
            sub.send(P.subscribe(1, null, "ov/+", 0, "ov/#", 1)).expect(P.suback(1, 0, 1));
            pub.send(P.publish(1, "ov/a", 1, "x")).expect(P.puback(1));
            List<Integer> qos = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Decoded d = Raw.decode(sub.read(), MqttVersion.MQTT_3_1_1);
                qos.add(d.qos());
                if (d.qos() == 1) {
                    sub.send(P.puback(d.packetId()));
                }
            }
            assertThat(qos).containsExactlyInAnyOrder(0, 1);
        }
    }

    @Test
    @DisplayName("$share/<group>/<filter>: each message goes to one member; round_robin spreads them")
    void sharedSubscription_deliversEachMessageToOneMember() throws Exception {
        try (Raw a = Raw.connected(broker.port(), c4("sh-a")); Raw b = Raw.connected(broker.port(), c4("sh-b"));
             Raw pub = Raw.connected(broker.port(), c4("sh-pub"))) {
            a.send(P.subscribe(1, null, "$share/grp/sh/t", 0)).expect(P.suback(1, 0));
            b.send(P.subscribe(1, null, "$share/grp/sh/t", 0)).expect(P.suback(1, 0));
            for (int i = 0; i < 10; i++) {
                pub.send(P.publish(0, "sh/t", 0, "m" + i));
            }
            Map<String, Integer> count = new HashMap<>();
            count.put("a", drain(a));
            count.put("b", drain(b));
            assertThat(count.get("a") + count.get("b")).isEqualTo(10);
            assertThat(count.get("a")).isEqualTo(5);
        }
    }

    @Test
    @DisplayName("$queue/<filter> is the shared group $queue")
    void queuePrefix_isASharedGroup() throws Exception {
        try (Raw a = Raw.connected(broker.port(), c4("q-a")); Raw b = Raw.connected(broker.port(), c4("q-b"));
             Raw pub = Raw.connected(broker.port(), c4("q-pub"))) {
            a.send(P.subscribe(1, null, "$queue/jobs/+", 1)).expect(P.suback(1, 1));
            b.send(P.subscribe(1, null, "$queue/jobs/+", 1)).expect(P.suback(1, 1));
            for (int i = 0; i < 4; i++) {
                pub.send(P.publish(1, "jobs/x", i + 1, "j" + i)).expect(P.puback(i + 1));
            }
            assertThat(drainAcking(a) + drainAcking(b)).isEqualTo(4);
        }
    }

    @Test
    @DisplayName("a shared-group member that leaves with unacknowledged messages: they go to another member")
    void sharedMemberLeaving_redispatchesUnacknowledged() throws Exception {
        try (Raw keeper = Raw.connected(broker.port(), c4("rd-keeper"));
             Raw pub = Raw.connected(broker.port(), c4("rd-pub"))) {
            keeper.send(P.subscribe(1, null, "$share/rd/rd/t", 1)).expect(P.suback(1, 1));
            Raw leaver = Raw.connected(broker.port(), c4("rd-leaver"));
            leaver.send(P.subscribe(1, null, "$share/rd/rd/t", 1)).expect(P.suback(1, 1));
            for (int i = 0; i < 6; i++) {
                pub.send(P.publish(1, "rd/t", i + 1, "r" + i)).expect(P.puback(i + 1));
            }
            int leaverGot = 0;
            while (leaver.read(300) != null) {
                leaverGot++; // never acknowledged
            }
            leaver.close();
            assertThat(leaverGot).isGreaterThan(0);
            assertThat(drainAcking(keeper)).isEqualTo(6);
        }
    }

    @Test
    @DisplayName("shared_subscription = false: MQTT 5 gets SUBACK 0x9E; wildcard_subscription = false: 0xA2")
    void disabledFeatures_areRefusedPerFilter() throws Exception {
        try (TestBroker b = TestBroker.start("shared_subscription", "false", "wildcard_subscription", "false");
             Raw r = Raw.connected5(b.port(), c5("features"))) {
            r.send(P.subscribe(1, P.noProps(), "$share/g/t", 0, "w/+", 0, "plain", 0));
            assertThat(r.read5().codes()).containsExactly(0x9E, 0xA2, 0);
        }
    }

    @Test
    @DisplayName("max_subscriptions: a subscription above the limit gets SUBACK 0x97 Quota exceeded")
    void maxSubscriptions_isEnforced() throws Exception {
        try (TestBroker b = TestBroker.start("max_subscriptions", "2"); Raw r = Raw.connected5(b.port(), c5("quota"))) {
            r.send(P.subscribe(1, P.noProps(), "a", 0, "b", 0, "c", 0));
            assertThat(r.read5().codes()).containsExactly(0, 0, 0x97);
        }
    }

    @Test
    @DisplayName("max_topic_levels: deeper filters are refused, deeper topics are not accepted")
    void maxTopicLevels_isEnforced() throws Exception {
        try (TestBroker b = TestBroker.start("max_topic_levels", "3"); Raw r = Raw.connected5(b.port(), c5("levels"))) {
            r.send(P.subscribe(1, P.noProps(), "a/b/c/d", 0, "a/b/c", 0));
            assertThat(r.read5().codes()).containsExactly(0x8F, 0);
            r.send(P.publish(1, false, false, "a/b/c/d", 9, P.noProps(), "x".getBytes(StandardCharsets.UTF_8)));
            Decoded ack = r.read5();
            assertThat(ack.type()).isEqualTo("PUBACK");
            assertThat(ack.reasonCode()).isEqualTo(0x90);
        }
    }

    private static int drain(Raw r) throws Exception {
        int n = 0;
        while (r.read(300) != null) {
            n++;
        }
        return n;
    }

    private static int drainAcking(Raw r) throws Exception {
        int n = 0;
        byte[] p;
        while ((p = r.read(400)) != null) {
            Decoded d = Raw.decode(p, MqttVersion.MQTT_3_1_1);
            if (d.qos() == 1) {
                r.send(P.puback(d.packetId()));
            }
            n++;
        }
        return n;
    }
}
