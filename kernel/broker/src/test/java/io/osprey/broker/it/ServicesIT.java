package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.service.AlarmService;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.alarm.AlarmsAdmin;
import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import io.osprey.broker.service.MetricsServiceImpl;
import io.osprey.broker.service.PublishServiceImpl;
import io.osprey.broker.service.SubscriptionServiceImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The services plugins use: publish, deliver to one session, subscriptions, metrics, alarms. */
class ServicesIT {

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
    @DisplayName("PublishService.publish routes like a client message; deliverTo reaches one session only")
    void publishAndDeliverTo() throws Exception {
        PublishServiceImpl publish = new PublishServiceImpl(broker.broker());
        try (Raw a = Raw.connected(broker.port(), P.connect(4).clientId("svc-a").bytes());
             Raw b = Raw.connected(broker.port(), P.connect(4).clientId("svc-b").bytes())) {
            a.send(P.subscribe(1, null, "svc/t", 0)).expect(P.suback(1, 0));
            b.send(P.subscribe(1, null, "svc/t", 0)).expect(P.suback(1, 0));
            assertThat(publish.publish(Message.builder("svc/t").payload("all").build()).toCompletableFuture().get())
                    .isEqualTo(2);
            a.expect(P.publish(0, "svc/t", 0, "all"));
            b.expect(P.publish(0, "svc/t", 0, "all"));
            assertThat(publish.deliverTo("svc-a", Message.builder("stored/x").payload("only-a").qos(1).build()))
                    .isTrue();
            Decoded d = Raw.decode(a.read(), MqttVersion.MQTT_3_1_1);
            assertThat(d.topic()).isEqualTo("stored/x");
            assertThat(d.qos()).isEqualTo(1);
            b.expectNothing(300);
            assertThat(publish.deliverTo("nobody", Message.builder("x").build())).isFalse();
        }
    }

    @Test
    @DisplayName("SubscriptionService adds and removes a session's subscriptions on its own thread")
    void subscriptionService() throws Exception {
        SubscriptionServiceImpl subs = new SubscriptionServiceImpl(broker.broker());
        try (Raw a = Raw.connected(broker.port(), P.connect(4).clientId("svc-s").bytes());
             Raw pub = Raw.connected(broker.port(), P.connect(4).clientId("svc-p").bytes())) {
            assertThat(subs.subscribe("svc-s", "added/+", SubscriptionOptions.ofQos(0))).isTrue();
            assertThat(subs.subscriptions("svc-s")).extracting(s -> s.topicFilter()).containsExactly("added/+");
            pub.send(P.publish(0, "added/1", 0, "via-service"));
            a.expect(P.publish(0, "added/1", 0, "via-service"));
            assertThat(subs.unsubscribe("svc-s", "added/+")).isTrue();
            assertThat(subs.subscribe("nobody", "x", SubscriptionOptions.ofQos(0))).isFalse();
        }
    }

    @Test
    @DisplayName("MetricsService: plugin counters appear among the metrics")
    void pluginCounters() {
        MetricsServiceImpl m = new MetricsServiceImpl(broker.broker().metrics(), broker.broker().stats());
        m.increment("plugin.thing", 3);
        m.increment("plugin.thing", 2);
        assertThat(m.value("plugin.thing")).isEqualTo(5);
        assertThat(m.metrics()).containsEntry("plugin.thing", 5L);
        assertThat(m.value("connections.count")).isGreaterThanOrEqualTo(0);
    }

    @Test
    @DisplayName("alarms: activate and deactivate are published on $SYS, listed, and kept in the history")
    @SuppressWarnings("unchecked")
    void alarms() throws Exception {
        AlarmService alarms = broker.broker().alarms();
        try (Raw w = Raw.connected(broker.port(), P.connect(4).clientId("alarm-watch").bytes())) {
            w.send(P.subscribe(1, null, "$SYS/brokers/+/alarms/+", 0)).expect(P.suback(1, 0));
            alarms.activate("test_alarm", "something is off", Map.of("level", 81));
            alarms.activate("test_alarm", "still off", Map.of("level", 82)); // no second publish
            Decoded on = Raw.decode(w.read(), MqttVersion.MQTT_3_1_1);
            assertThat(on.topic()).endsWith("/alarms/activate");
            assertThat(on.payload()).contains("\"name\":\"test_alarm\"").contains("\"message\":\"something is off\"");
            assertThat(alarms.active()).extracting(AlarmService.Alarm::name).containsExactly("test_alarm");
            CommandResult listed = new AlarmsAdmin(broker.broker().alarms()).execute(List.of("list"));
            assertThat(listed.text()).contains("test_alarm").contains("still off");
            alarms.deactivate("test_alarm");
            Decoded off = Raw.decode(w.read(), MqttVersion.MQTT_3_1_1);
            assertThat(off.topic()).endsWith("/alarms/deactivate");
            w.expectNothing(200);
            assertThat(alarms.active()).isEmpty();
            assertThat(alarms.history()).extracting(AlarmService.Alarm::name).contains("test_alarm");
        }
    }
}
