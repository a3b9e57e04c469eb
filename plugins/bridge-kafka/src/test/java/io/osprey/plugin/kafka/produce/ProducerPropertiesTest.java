package io.osprey.plugin.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.osprey.api.config.ConfigReader;
import io.osprey.plugin.kafka.config.BridgeSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerPropertiesTest {

    @TempDir
    Path home;

    private Properties props(String... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        ConfigReader r = ConfigReader.of(BridgeSettings.NAME, m, Map.of());
        BridgeSettings s = BridgeSettings.read(r, home);
        assertThat(r.errors()).isEmpty();
        return ProducerProperties.of(s.producer(), s.mode(), s.syncTimeout());
    }

    @Test
    @DisplayName("required_acks = all: idempotent, 5 requests in flight keep per-key order")
    void acksAll_isIdempotent() {
        Properties p = props();
        assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("max.in.flight.requests.per.connection", "5");
    }

    @Test
    @DisplayName("required_acks = leader or none: one request in flight, so retries cannot reorder")
    void acksLeaderOrNone_oneRequestInFlight() {
        assertThat(props("required_acks", "leader")).containsEntry("acks", "1")
                .containsEntry("enable.idempotence", "false")
                .containsEntry("max.in.flight.requests.per.connection", "1");
        assertThat(props("required_acks", "none")).containsEntry("acks", "0");
    }

    @Test
    @DisplayName("async mode never expires records; sync mode bounds them by produce.sync_timeout")
    void deliveryTimeout_dependsOnTheMode() {
        assertThat(props()).containsEntry("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE))
                .containsEntry("max.block.ms", "5000");
        Properties sync = props("produce", "sync", "produce.sync_timeout", "2s", "request_timeout", "10s",
                "linger", "5ms");
        assertThat(sync).containsEntry("request.timeout.ms", "2000").containsEntry("delivery.timeout.ms", "2005")
                .containsEntry("max.block.ms", "2000");
    }

    @Test
    void connectionSettings_areMapped() {
        Properties p = props("servers", "k1:9092, k2:9093", "client_id", "edge-7", "compression", "zstd",
                "linger", "20ms", "max_batch_bytes", "256KB", "kafka.metadata.max.age.ms", "60000");
        assertThat(p).containsEntry("bootstrap.servers", "k1:9092,k2:9093").containsEntry("client.id", "edge-7")
                .containsEntry("compression.type", "zstd").containsEntry("linger.ms", "20")
                .containsEntry("batch.size", Integer.toString(256 * 1024))
                .containsEntry("metadata.max.age.ms", "60000").containsEntry("security.protocol", "PLAINTEXT");
    }

    @Test
    void saslScram_overTls_withPemFiles() throws Exception {
        Files.writeString(home.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Properties p = props("ssl", "on", "ssl.cacertfile", "ca.pem", "ssl.verify_hostname", "off",
                "sasl.mechanism", "scram_sha_512", "sasl.username", "bridge", "sasl.password", "p\"w");
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.endpoint.identification.algorithm", "");
        assertThat(p.getProperty("ssl.truststore.certificates")).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(p.getProperty("sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"bridge\" "
                        + "password=\"p\\\"w\";");
    }

    @Test
    void missingCertificateFile_isReportedWithItsKey() {
        ConfigReader r = ConfigReader.of(BridgeSettings.NAME, Map.of("ssl", "on", "ssl.cacertfile", "nope.pem"),
                Map.of());
        BridgeSettings.read(r, home);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("ssl.cacertfile");
            assertThat(e.expected()).contains("a readable PEM file");
        });
    }
}
