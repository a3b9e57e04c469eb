package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code $SYS} tree, as EMQX publishes it. */
class SysTopicsIT {

    static TestBroker broker;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NODE = "osprey@127.0.0.1";

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start("sys_interval", "300ms", "sys_heartbeat", "300ms");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Decoded next(Raw r) throws Exception {
        return Raw.decode(r.read(), MqttVersion.MQTT_3_1_1);
    }

    @Test
    @DisplayName("presence: clients/<id>/connected and /disconnected carry EMQX's fields")
    void presenceMessages() throws Exception {
        try (Raw watcher = Raw.connected(broker.port(), P.connect(4).clientId("sys-watch").bytes())) {
            watcher.send(P.subscribe(1, null, "$SYS/brokers/+/clients/dev-1/+", 0)).expect(P.suback(1, 0));
            try (Raw dev = Raw.connected(broker.port(), P.connect(4).clientId("dev-1").username("u1").keepAlive(30)
                    .bytes())) {
                Decoded up = next(watcher);
                assertThat(up.topic()).isEqualTo("$SYS/brokers/" + NODE + "/clients/dev-1/connected");
                @SuppressWarnings("unchecked") Map<String, Object> m = JSON.readValue(up.payload(), Map.class);
                assertThat(m).containsEntry("clientid", "dev-1").containsEntry("username", "u1")
                        .containsEntry("ipaddress", "127.0.0.1").containsEntry("proto_ver", 4)
                        .containsEntry("keepalive", 30).containsEntry("clean_start", true)
                        .containsKeys("connected_at", "ts", "proto_name");
                dev.send(P.disconnect());
            }
            Decoded down = next(watcher);
            assertThat(down.topic()).endsWith("/clients/dev-1/disconnected");
            @SuppressWarnings("unchecked") Map<String, Object> m2 = JSON.readValue(down.payload(), Map.class);
            assertThat(m2).containsEntry("clientid", "dev-1").containsEntry("reason", "normal")
                    .containsKeys("disconnected_at", "ts");
        }
    }

    @Test
    @DisplayName("$SYS/brokers/<node>/version and sysdescr are retained")
    void versionIsRetained() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("sys-version").bytes())) {
            r.send(P.subscribe(1, null, "$SYS/brokers/" + NODE + "/version", 0)).expect(P.suback(1, 0));
            Decoded d = next(r);
            assertThat(d.retain()).isTrue();
            assertThat(d.payload()).isEqualTo(broker.broker().version());
        }
    }

    @Test
    @DisplayName("uptime and datetime every sys_heartbeat; stats and metrics every sys_interval")
    void periodicTopics() throws Exception {
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("sys-periodic").bytes())) {
            r.send(P.subscribe(1, null, "$SYS/brokers/" + NODE + "/uptime", 0,
                    "$SYS/brokers/" + NODE + "/stats/connections/count", 0,
                    "$SYS/brokers/" + NODE + "/metrics/messages/received", 0)).expect(P.suback(1, 0, 0, 0));
            java.util.Set<String> seen = new java.util.HashSet<>();
            long deadline = System.currentTimeMillis() + 3000;
            while (seen.size() < 3 && System.currentTimeMillis() < deadline) {
                byte[] p = r.read(1000);
                if (p != null) {
                    Decoded d = Raw.decode(p, MqttVersion.MQTT_3_1_1);
                    seen.add(d.topic().substring(d.topic().indexOf(NODE) + NODE.length() + 1));
                    if (d.topic().endsWith("connections/count")) {
                        assertThat(Integer.parseInt(d.payload())).isGreaterThanOrEqualTo(1);
                    }
                }
            }
            assertThat(seen).containsExactlyInAnyOrder("uptime", "stats/connections/count",
                    "metrics/messages/received");
        }
    }

    @Test
    @DisplayName("clients cannot publish to $SYS (MQTT 5: PUBACK 0x87)")
    void clientsCannotForgeSys() throws Exception {
        try (Raw r = Raw.connected5(broker.port(), P.connect(5).clientId("forger").props(P.noProps()).bytes())) {
            r.send(P.publish(1, false, false, "$SYS/brokers/" + NODE + "/clients/x/connected", 1, P.noProps(),
                    "{}".getBytes()));
            assertThat(r.read5().reasonCode()).isEqualTo(0x87);
        }
    }
}
