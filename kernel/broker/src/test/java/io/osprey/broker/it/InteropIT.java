package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import io.osprey.broker.session.Outlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with Debian's Mosquitto: {@code mosquitto_pub}/{@code mosquitto_sub} (3.1.1 and 5) against
 * Osprey, and a Mosquitto broker bridging into Osprey in both directions. {@code .ci/run} installs the packages.
 */
class InteropIT {

    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Process run(String... cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    static String output(Process p, int seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", p.info().arguments().orElse(new String[0])));
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "mosquitto_pub and mosquitto_sub, {0}")
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    @DisplayName("mosquitto_pub → Osprey → mosquitto_sub, with QoS 1, retained messages and (5.0) properties")
    void mosquittoClients(String version) throws Exception {
        String port = Integer.toString(broker.port());
        String topic = "interop/" + version;
        Process retained = run("mosquitto_pub", "-V", version, "-h", "127.0.0.1", "-p", port, "-t", topic + "/r",
                "-m", "kept", "-r", "-q", "1");
        assertThat(output(retained, 10)).isEmpty();
        assertThat(retained.exitValue()).isZero();
        List<String> subCmd = new ArrayList<>(List.of("mosquitto_sub", "-V", version, "-h", "127.0.0.1", "-p", port,
                "-t", topic + "/#", "-q", "1", "-C", "2", "-W", "10", "-F", "%t %p %r"));
        if (version.equals("mqttv5")) {
            subCmd.set(subCmd.size() - 1, "%t %p %r %P");
        }
        Process sub = new ProcessBuilder(subCmd).redirectErrorStream(true).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().router().routes().containsKey(topic + "/#"));
        List<String> pubCmd = new ArrayList<>(List.of("mosquitto_pub", "-V", version, "-h", "127.0.0.1", "-p", port,
                "-t", topic + "/live", "-m", "hello", "-q", "1"));
        if (version.equals("mqttv5")) {
            pubCmd.addAll(List.of("-D", "publish", "user-property", "origin", "mosquitto"));
        }
        Process pub = new ProcessBuilder(pubCmd).redirectErrorStream(true).start();
        assertThat(output(pub, 10)).isEmpty();
        String got = output(sub, 15);
        assertThat(got).contains(topic + "/r kept 1");
        assertThat(got).contains(topic + "/live hello 0");
        if (version.equals("mqttv5")) {
            assertThat(got).contains("origin:mosquitto");
        }
    }

    @ParameterizedTest(name = "a Mosquitto bridge into Osprey, {0}")
    @ValueSource(strings = {"mqttv311", "mqttv50"})
    @DisplayName("a Mosquitto bridge connects as a bridge and relays messages both ways")
    void mosquittoBridge(String protocol) throws Exception {
        int mosquittoPort;
        try (ServerSocket s = new ServerSocket(0)) {
            mosquittoPort = s.getLocalPort();
        }
        // the bridge bit counts only on a listener that accepts bridges
        int bridgePort = broker.listen("bridges-" + protocol, "bridges", "on").boundPort();
        Path dir = Files.createTempDirectory("mosq-bridge");
        Path conf = dir.resolve("mosquitto.conf");
        String bridgeId = "mosq-bridge-" + protocol;
        Files.writeString(conf, String.join("\n",
                "listener " + mosquittoPort + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "log_dest stdout",
                "connection osprey",
                "address 127.0.0.1:" + bridgePort,
                "remote_clientid " + bridgeId,
                "bridge_protocol_version " + protocol,
                "try_private true",
                "cleansession true",
                "topic bridge/out/# out 1",
                "topic bridge/in/# in 1",
                // its state notification is a will; under $SYS (the default) it would need a bridge the ACL allows
                "notification_topic bridge/state/" + bridgeId,
                ""));
        Process mosquitto = run("mosquitto", "-c", conf.toString());
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> broker.broker().sessions().connectionOf(bridgeId) != null
                    && broker.broker().router().routes().containsKey("bridge/in/#"));
            Outlet bridge = broker.broker().sessions().connectionOf(bridgeId);
            if (protocol.equals("mqttv311")) {
                assertThat(bridge.client().isBridge()).as("connected with protocol level 0x84").isTrue();
            } else {
                // MQTT 5 bridges use No Local and Retain As Published instead of the private protocol level
                assertThat(bridge.client().protocolVersion()).isEqualTo(5);
            }

            // Mosquitto → Osprey
            try (Raw sub = Raw.connected(broker.port(), P.connect(4).clientId("osprey-side").bytes())) {
                sub.send(P.subscribe(1, null, "bridge/out/#", 0)).expect(P.suback(1, 0));
                Process pub = run("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(mosquittoPort),
                        "-t", "bridge/out/x", "-m", "from-mosquitto", "-q", "1");
                output(pub, 10);
                sub.expect(P.publish(0, "bridge/out/x", 0, "from-mosquitto"));
            }
            // Osprey → Mosquitto
            Process sub = run("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(mosquittoPort), "-t",
                    "bridge/in/#", "-C", "1", "-W", "10", "-v");
            Thread.sleep(500);
            try (Raw pub = Raw.connected(broker.port(), P.connect(4).clientId("osprey-pub").bytes())) {
                pub.send(P.publish(1, "bridge/in/y", 1, "from-osprey")).expect(P.puback(1));
            }
            assertThat(output(sub, 15)).contains("bridge/in/y from-osprey");
        } finally {
            mosquitto.destroy();
            mosquitto.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
