package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input closes only the connection that sent it (MQTT 5 first gets DISCONNECT with the reason), is counted, never
 * throws out of the pipeline, never leaks a buffer (LeakWatch, paranoid), and never disturbs other clients.
 * A table of malformed frames in the style of Mosquitto's test/broker/data, then a fuzzer.
 */
class MalformedPacketsIT {

    static TestBroker broker;
    static LogCapture errors;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
        errors = new LogCapture("io.osprey.broker");
    }

    @AfterAll
    static void stop() {
        errors.close();
        broker.close();
    }

    /** name, protocol level of the CONNECT before it, frame (hex), expected MQTT 5 DISCONNECT reason or 0. */
    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of("[MQTT-1.5.5-1] remaining length longer than 4 bytes", 4, "30ffffffff01", 0),
                Arguments.of("[MQTT-3.6.1-1] PUBREL with flags 0000", 4, "60020001", 0),
                Arguments.of("[MQTT-3.8.1-1] SUBSCRIBE with flags 0000", 4, "8006000100016100", 0),
                Arguments.of("[MQTT-3.10.1-1] UNSUBSCRIBE with flags 0000", 4, "a00500010001 61", 0),
                Arguments.of("[MQTT-3.12] PINGREQ with a payload", 4, "c00100", 0),
                Arguments.of("[MQTT-1.5.4] a topic whose length runs past the end of its packet", 4,
                        "300400106162", 0),
                Arguments.of("[MQTT-1.5.4] a SUBSCRIBE filter whose length runs past its packet", 4,
                        "8206000100096100", 0),
                Arguments.of("MQTT 5: a property that may appear once, twice (0x82 Protocol Error)", 5,
                        "300c0001610702000000010200000001", 0x82),
                Arguments.of("MQTT 5: a property not allowed in PUBLISH (0x81)", 5, "3006000161021100", 0x81),
                Arguments.of("[MQTT-2.2] reserved packet type 0", 4, "0000", 0),
                Arguments.of("AUTH from a 3.1.1 client", 4, "f000", 0),
                Arguments.of("[MQTT-3.8.3-4] subscription QoS 3", 4, "8206000100016103", 0),
                Arguments.of("CONNACK sent by a client", 4, "20020000", 0),
                Arguments.of("SUBACK sent by a client", 4, "9003000100", 0),
                Arguments.of("[MQTT-1.5.4-1] MQTT 5: invalid UTF-8 in a topic", 5, "300600036" + "1c32800", 0x81),
                Arguments.of("[MQTT-3.8.3-5] MQTT 5: Retain Handling 3", 5, "820700010000016130", 0x81),
                Arguments.of("MQTT 5: PUBREL with flags 0000", 5, "6003000100", 0x81),
                Arguments.of("MQTT 5: unknown property identifier", 5, "3006000161027f00", 0x81));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void malformedFrame_closesOnlyThatConnection(String name, int level, String hex, int v5Reason) throws Exception {
        long malformedBefore = broker.broker().metrics().get("packets.malformed")
                + broker.broker().metrics().get("packets.received");
        try (Raw bystander = Raw.connected(broker.port(), P.connect(4).clientId("bystander").bytes());
             Raw bad = level == 5 ? Raw.connected5(broker.port(), P.connect(5).clientId("bad").props(P.noProps())
                     .bytes()) : Raw.connected(broker.port(), P.connect(4).clientId("bad").bytes())) {
            bad.send(P.hex(hex.replace(" ", "")));
            List<byte[]> before = bad.expectClosed();
            if (v5Reason != 0) {
                assertThat(before).isNotEmpty();
                Decoded d = Raw.decode(before.get(before.size() - 1), io.netty.handler.codec.mqtt.MqttVersion.MQTT_5);
                assertThat(d.type()).isEqualTo("DISCONNECT");
                assertThat(d.reasonCode()).isEqualTo(v5Reason);
            }
            bystander.send(P.pingreq()).expect(P.pingresp());
        }
        assertThat(broker.broker().metrics().get("packets.malformed")
                + broker.broker().metrics().get("packets.received")).isGreaterThan(malformedBefore);
        assertThat(errors.lines).as("nothing may throw out of the pipeline").isEmpty();
    }

    @Test
    @DisplayName("fuzz: random and mutated packets never break the broker, leak, or disturb other clients")
    void fuzz() throws Exception {
        Random random = new Random(20261127L);
        byte[][] seeds = {
                P.subscribe(1, null, "a/+/b", 1, "$share/g/x", 2),
                P.publish(1, "a/1/b", 7, "payload"),
                P.publish(2, true, false, "r/t", 8, null, new byte[40]),
                P.unsubscribe(3, null, "a/+/b"),
                P.pubrel(8), P.puback(1), P.pingreq()};
        byte[][] seeds5 = {
                P.subscribe(1, P.props().varInt(0x0B, 3).bytes(), "a/+/b", 0x2A),
                P.publish(1, false, false, "a/1/b", 7, P.props().u16(0x23, 2).user("k", "v").bytes(), new byte[8]),
                P.disconnect5(0x04, P.props().u32(0x11, 5).bytes())};
        try (Raw sub = Raw.connected(broker.port(), P.connect(4).clientId("fz-sub").bytes());
             Raw pub = Raw.connected(broker.port(), P.connect(4).clientId("fz-pub").bytes())) {
            sub.send(P.subscribe(1, null, "sentinel", 1)).expect(P.suback(1, 1));
            for (int i = 0; i < 300; i++) {
                boolean v5 = random.nextBoolean();
                byte[][] pool = v5 ? seeds5 : seeds;
                byte[] frame;
                switch (random.nextInt(4)) {
                    case 0 -> {
                        frame = new byte[1 + random.nextInt(64)];
                        random.nextBytes(frame);
                    }
                    case 1 -> frame = mutate(pool[random.nextInt(pool.length)], random);
                    case 2 -> frame = truncateLength(pool[random.nextInt(pool.length)], random);
                    default -> frame = concat(pool[random.nextInt(pool.length)], mutate(seeds[random.nextInt(
                            seeds.length)], random));
                }
                boolean connectFirst = random.nextInt(5) != 0;
                try (Raw bad = Raw.open(broker.port())) {
                    if (connectFirst) {
                        bad.send(v5 ? P.connect(5).clientId("fz" + i).props(P.noProps()).bytes()
                                : P.connect(4).clientId("fz" + i).bytes());
                    }
                    bad.send(frame);
                    bad.read(30);
                } catch (IOException expected) {
                    // the broker closed it: fine
                }
                if (i % 50 == 0) {
                    pub.send(P.publish(1, "sentinel", i + 1, "alive-" + i)).expect(P.puback(i + 1));
                    sub.expect(P.publish(1, false, false, "sentinel", i / 50 + 1, null,
                            ("alive-" + i).getBytes()));
                    sub.send(P.puback(i / 50 + 1));
                }
            }
        }
        assertThat(errors.lines).as("nothing may throw out of the pipeline").isEmpty();
    }

    private static byte[] mutate(byte[] p, Random r) {
        byte[] m = p.clone();
        int flips = 1 + r.nextInt(3);
        for (int i = 0; i < flips; i++) {
            m[r.nextInt(m.length)] = (byte) r.nextInt(256);
        }
        return m;
    }

    private static byte[] truncateLength(byte[] p, Random r) {
        return java.util.Arrays.copyOf(p, Math.max(1, r.nextInt(p.length)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
