package io.osprey.plugin.mqttbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.osprey.bridge.testkit.TestBroker;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mosquitto bridging into Osprey with the {@code connection} block of README.md (read from the README itself, so
 * the documented block is the tested one), for MQTT 3.1.1 and 5: {@code sensors/#} goes up into Osprey, {@code cmd/#}
 * comes back down.
 */
class MosquittoIntoOspreyIT {

    @TempDir
    Path dir;

    /** The fenced block after the README's marker comment. */
    static String readmeBlock() throws Exception {
        Path readme = Path.of("../../README.md");
        List<String> lines = Files.readAllLines(readme);
        int marker = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("<!-- mosquitto-bridge-block")) {
                marker = i;
                break;
            }
        }
        assertThat(marker).as("the marker of the Mosquitto block in README.md").isNotNegative();
        int start = marker + 1;
        while (!lines.get(start).startsWith("```")) {
            start++;
        }
        int end = start + 1;
        while (!lines.get(end).startsWith("```")) {
            end++;
        }
        return String.join("\n", lines.subList(start + 1, end)) + "\n";
    }

    @ParameterizedTest(name = "bridge_protocol_version {0}")
    @ValueSource(strings = {"mqttv311", "mqttv50"})
    void readmeBlock_bridgesMosquittoIntoOsprey_bothWays(String version) throws Exception {
        Assumptions.assumeTrue(TestMosquitto.installed(), "mosquitto is installed (.ci/run installs it)");
        String block = readmeBlock();
        assertThat(block).contains("address osprey.example.com:1883").contains("bridge_protocol_version mqttv311");
        try (TestBroker osprey = new TestBroker(dir.resolve("osprey"));
             TestClients local = new TestClients(osprey.uri())) {
            String conf = block.replace("address osprey.example.com:1883", "address 127.0.0.1:" + osprey.port())
                    .replace("bridge_protocol_version mqttv311", "bridge_protocol_version " + version);
            try (TestMosquitto edge = new TestMosquitto(dir.resolve("edge"), conf);
                 TestClients device = new TestClients("tcp://127.0.0.1:" + edge.port())) {
                // Mosquitto connected and subscribed cmd/# here
                await().atMost(Duration.ofSeconds(20)).until(() -> osprey.broker.router().routes()
                        .containsKey("cmd/#"));
                TestClients.V3 cloudSub = local.v3("cloud-app");
                cloudSub.paho.subscribe("sensors/#", 1);
                TestClients.V3 edgeSub = device.v3("edge-app");
                edgeSub.paho.subscribe("cmd/#", 1);

                device.v3("thermo").publish("sensors/room1/temp", "21.5", 1, false);
                assertThat(cloudSub.next(10)).isEqualTo("sensors/room1/temp 21.5");
                local.v3("backend").publish("cmd/thermo/setpoint", "20", 1, false);
                assertThat(edgeSub.next(10)).isEqualTo("cmd/thermo/setpoint 20");
                // nothing else: no echo of either message
                assertThat(cloudSub.next(0.5)).isNull();
                assertThat(edgeSub.next(0.5)).isNull();
            }
        }
    }
}
