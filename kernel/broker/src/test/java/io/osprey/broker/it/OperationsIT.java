package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.osprey.api.service.CommandException;
import io.osprey.broker.banned.Ban;
import io.osprey.broker.banned.BanList;
import io.osprey.broker.banned.BannedAdmin;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import io.osprey.broker.logging.LogAdmin;
import io.osprey.broker.trace.TraceAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Banned clients, flapping detection, tracing one client or topic, and log levels on a running broker. */
class OperationsIT {

    static TestBroker broker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start("data_dir", dir.resolve("data").toString());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static BannedAdmin banned() {
        return new BannedAdmin(broker.broker().bans());
    }

    @Test
    @DisplayName("banned client ids get CONNACK 0x8A (5.0) or 0x05 (3.1.1); a connected one is kicked")
    void bannedClientId() throws Exception {
        try (Raw live = Raw.connected5(broker.port(), P.connect(5).clientId("naughty").props(P.noProps()).bytes())) {
            banned().execute(List.of("add", "clientid", "naughty", "60", "abuse"));
            live.expectDisconnect5(0x98);
        }
        try (Raw r = Raw.open(broker.port())) {
            r.send(P.connect(5).clientId("naughty").props(P.noProps()).bytes());
            assertThat(r.read5().reasonCode()).isEqualTo(0x8A);
        }
        try (Raw r = Raw.open(broker.port())) {
            r.send(P.connect(4).clientId("naughty").bytes()).expect(P.connack(false, 0x05));
        }
        broker.awaitShutdownCount("banned", 3); // the kicked connection and the two refused CONNECTs
        assertThat(banned().execute(List.of("list")).text()).contains("naughty").contains("abuse");
        banned().execute(List.of("del", "clientid", "naughty"));
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("naughty").bytes())) {
            r.send(P.pingreq()).expect(P.pingresp());
        }
    }

    @Test
    @DisplayName("bans by user name and by address; bans expire; they survive a restart (data/banned.json)")
    void bannedUsernameAddressExpiryPersistence() throws Exception {
        banned().execute(List.of("add", "username", "eve", "1"));
        try (Raw r = Raw.open(broker.port())) {
            r.send(P.connect(4).clientId("e1").username("eve").bytes()).expect(P.connack(false, 0x05));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            try (Raw r = Raw.open(broker.port())) {
                r.send(P.connect(4).clientId("e2").username("eve").bytes());
                return r.read()[3] == 0;
            }
        });
        long now = System.currentTimeMillis();
        broker.broker().bans().add(new Ban("peerhost", "198.51.100.1", "test", "test", now, now + 60_000));
        BanList reloaded = new BanList(dir.resolve("data/banned.json"));
        assertThat(reloaded.check("x", null, "198.51.100.1")).isNotNull();
        assertThat(Files.readString(dir.resolve("data/banned.json"))).contains("198.51.100.1");
    }

    @Test
    @DisplayName("ctl banned rejects bad arguments with the usage")
    void bannedUsage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> banned().execute(List.of("add", "ip", "x")))
                .isInstanceOf(CommandException.class).hasMessageContaining("Usage");
    }

    @Test
    @DisplayName("flapping: 3 disconnects within the window ban the client id for the ban time")
    void flapping() throws Exception {
        try (TestBroker b = TestBroker.start("data_dir", dir.resolve("flap").toString(), "enable_flapping_detect",
                "on", "flapping_detect_policy", "3, 10s, 2s")) {
            for (int i = 0; i < 3; i++) {
                Raw.connected(b.port(), P.connect(4).clientId("flapper").bytes()).close();
                Thread.sleep(50);
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> b.broker().bans().check("flapper", null, null) != null);
            try (Raw r = Raw.open(b.port())) {
                r.send(P.connect(4).clientId("flapper").bytes()).expect(P.connack(false, 0x05));
            }
            assertThat(b.broker().metrics().get("flapping.banned")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().bans().check("flapper", null, null) == null);
        }
    }

    @Test
    @DisplayName("trace of a client: every packet in and out, with timestamps, across a reconnect; stop ends it")
    void traceClient() throws Exception {
        Path file = dir.resolve("traces/traced.log");
        TraceAdmin trace = new TraceAdmin(broker.broker().traces(), dir);
        trace.execute(List.of("start", "client", "traced", file.toString(), "debug"));
        for (int round = 0; round < 2; round++) {
            try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("traced").bytes())) {
                r.send(P.subscribe(1, null, "tr/t", 1)).expect(P.suback(1, 1));
                r.send(P.publish(1, "tr/t", 7, "hello-" + round)).expect(P.puback(7));
                r.read();
                r.send(P.disconnect());
                r.expectClosed();
            }
        }
        await().until(() -> Files.readString(file).split("\n").length >= 16);
        trace.execute(List.of("stop", "client", "traced"));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*"));
        String all = String.join("\n", lines);
        assertThat(all).contains("client traced IN CONNECT(clientid=traced")
                .contains("client traced OUT CONNACK(rc=0x0, sp=false)")
                .contains("client traced IN SUBSCRIBE(id=1, tr/t:q1)")
                .contains("client traced IN PUBLISH(topic=tr/t, qos=1, retain=false, dup=false, id=7, payload=hello-0)")
                .contains("client traced OUT PUBACK(id=7)")
                .contains("client traced OUT PUBLISH(topic=tr/t, qos=1").contains("payload=hello-1")
                .contains("connection closed: normal");
        int before = lines.size();
        try (Raw r = Raw.connected(broker.port(), P.connect(4).clientId("traced").bytes())) {
            r.send(P.pingreq()).expect(P.pingresp());
        }
        Thread.sleep(300);
        assertThat(Files.readAllLines(file)).hasSize(before);
        assertThat(trace.execute(List.of("list")).text()).doesNotContain("traced");
    }

    @Test
    @DisplayName("trace of a topic filter: every message on matching topics")
    void traceTopic() throws Exception {
        Path file = dir.resolve("traces/topic.log");
        TraceAdmin trace = new TraceAdmin(broker.broker().traces(), dir);
        trace.execute(List.of("start", "topic", "sensors/+/temp", file.toString(), "info"));
        try (Raw pub = Raw.connected(broker.port(), P.connect(4).clientId("tp").bytes())) {
            pub.send(P.publish(1, "sensors/1/temp", 1, "21.5")).expect(P.puback(1));
            pub.send(P.publish(1, "sensors/1/humidity", 2, "40")).expect(P.puback(2));
        }
        await().until(() -> Files.exists(file) && Files.readString(file).contains("sensors/1/temp"));
        trace.execute(List.of("stop", "topic", "sensors/+/temp"));
        String all = Files.readString(file);
        assertThat(all).contains("topic sensors/1/temp from tp PUBLISH(topic=sensors/1/temp, qos=1")
                .contains("bytes=4").doesNotContain("humidity").doesNotContain("21.5");
    }

    @Test
    @DisplayName("log levels change on the running node")
    void logLevels() throws Exception {
        LogAdmin log = LogAdmin.createIfLogback();
        assertThat(log).isNotNull();
        log.execute(List.of("set-level", "io.osprey.broker.channel", "debug"));
        assertThat(org.slf4j.LoggerFactory.getLogger("io.osprey.broker.channel.MqttConnection").isDebugEnabled())
                .isTrue();
        assertThat(log.execute(List.of("levels")).text()).contains("io.osprey.broker.channel").contains("debug");
        log.execute(List.of("set-level", "io.osprey.broker.channel", "info"));
        String before = log.execute(List.of("primary-level")).text();
        log.execute(List.of("primary-level", "error"));
        assertThat(log.execute(List.of("primary-level")).text()).isEqualTo("error");
        log.execute(List.of("primary-level", before));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.execute(List.of("set-level", "loud")))
                .isInstanceOf(CommandException.class);
    }
}
