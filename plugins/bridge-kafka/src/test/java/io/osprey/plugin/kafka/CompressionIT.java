package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code compression} the bridge offers round-trips through a real broker (with the codec libraries present). */
class CompressionIT {

    @TempDir
    Path home;
    private BridgeNode node;
    private Clients clients;

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest(name = "compression = {0}")
    @ValueSource(strings = {"gzip", "lz4", "snappy", "zstd"})
    @DisplayName("records compressed with each codec are read back intact")
    void eachCodec_roundTrips(String codec) throws Exception {
        TestKafka kafka = TestKafka.get();
        String topic = kafka.newTopic("codec-" + codec, 1);
        node = new BridgeNode(home, "servers", kafka.servers(), "produce", "sync", "compression", codec,
                "encode_payload_type", "plain",
                "hook.message.publish.1", "{\"topic\": \"" + topic + "\"}");
        clients = new Clients(node.uri());
        var pub = clients.v3("codec-" + codec);
        for (int i = 0; i < 5; i++) {
            pub.publish("codec/" + i, ("reading " + i + " " + "z".repeat(500)).getBytes(StandardCharsets.UTF_8), 1,
                    false).waitForCompletion(10_000);
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, 5, Duration.ofSeconds(20));
        assertThat(records).hasSize(5);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 5; i++) {
            assertThat(json.readTree(records.get(i).value()).get("payload").asText())
                    .isEqualTo("reading " + i + " " + "z".repeat(500));
        }
        assertThat(node.bridge().counters().get("hook.message.publish.1").failed()).isZero();
    }
}
