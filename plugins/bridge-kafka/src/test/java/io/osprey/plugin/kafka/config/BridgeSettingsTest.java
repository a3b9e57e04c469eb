package io.osprey.plugin.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigError;
import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.buffer.BufferSettings;
import io.osprey.bridge.core.buffer.Overflow;
import io.osprey.bridge.core.event.HookPoint;
import io.osprey.bridge.core.event.PayloadEncoding;
import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.plugin.kafka.rule.PartitionStrategy;
import io.osprey.plugin.kafka.rule.Rule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BridgeSettingsTest {

    private ConfigReader reader;

    private BridgeSettings read(Map<String, String> env, String... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        reader = ConfigReader.of(BridgeSettings.NAME, m, env);
        return BridgeSettings.read(reader, Path.of("/opt/osprey"));
    }

    private BridgeSettings read(String... pairs) {
        return read(Map.of(), pairs);
    }

    @Test
    void defaults() {
        BridgeSettings s = read();
        assertThat(reader.errors()).isEmpty();
        assertThat(s.mode()).isEqualTo(ProduceMode.ASYNC);
        assertThat(s.syncTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.payloadEncoding()).isEqualTo(PayloadEncoding.BASE64);
        assertThat(s.producer().servers()).containsExactly("127.0.0.1:9092");
        assertThat(s.producer().requiredAcks()).isEqualTo(RequiredAcks.ALL);
        assertThat(s.producer().compression()).isEqualTo("none");
        assertThat(s.buffer()).isEqualTo(new BufferSettings(1L << 30, 10L << 20, Overflow.DROP_OLDEST));
        assertThat(s.rules()).isEmpty();
    }

    @Test
    @DisplayName("rules of every point are read in numeric key order with their defaults")
    void rules_areReadPerPoint() {
        BridgeSettings s = read(
                "hook.message.publish.10", "{\"filter\": \"b/#\", \"topic\": \"t10\", \"strategy\": \"roundrobin\"}",
                "hook.message.publish.2", "{\"topic\": \"t2\", \"key\": \"${clientid}\"}",
                "hook.client.connected.1", "{\"topic\": \"conn\"}");
        assertThat(reader.errors()).isEmpty();
        List<Rule> rules = s.rules();
        assertThat(rules).extracting(Rule::id).containsExactly("hook.client.connected.1",
                "hook.message.publish.2", "hook.message.publish.10");
        assertThat(rules.get(0).filter()).isNull();
        assertThat(rules.get(1).filter().filter()).isEqualTo("#");
        assertThat(rules.get(1).key().text()).isEqualTo("${clientid}");
        assertThat(rules.get(1).strategy()).isEqualTo(PartitionStrategy.FIRST_KEY_DISPATCH);
        assertThat(rules.get(2).strategy()).isEqualTo(PartitionStrategy.ROUNDROBIN);
        assertThat(rules.get(2).point()).isEqualTo(HookPoint.MESSAGE_PUBLISH);
    }

    @Test
    @DisplayName("a bad rule is reported with its key and what was expected")
    void badRules_areReportedWithTheirKey() {
        read("hook.message.publish.1", "{\"filter\": \"#\"}",
                "hook.message.publish.2", "not json",
                "hook.client.connected.1", "{\"filter\": \"#\", \"topic\": \"t\"}",
                "hook.message.acked.1", "{\"topic\": \"t\", \"strategy\": \"sticky\"}",
                "hook.message.delivered.1", "{\"topic\": \"bad topic!\"}",
                "hook.session.subscribed.1", "{\"topic\": \"t\", \"colour\": \"red\"}");
        assertThat(reader.errors()).extracting(ConfigError::key).containsExactlyInAnyOrder(
                "hook.message.publish.1", "hook.message.publish.2", "hook.client.connected.1",
                "hook.message.acked.1", "hook.message.delivered.1", "hook.session.subscribed.1");
        assertThat(reader.errors()).extracting(ConfigError::expected).anyMatch(e -> e.contains("\"topic\""))
                .anyMatch(e -> e.contains("have no topic, so no \"filter\""))
                .anyMatch(e -> e.contains("first_key_dispatch, random or roundrobin"))
                .anyMatch(e -> e.contains("not \"colour\""));
    }

    @Test
    @DisplayName("an empty key is refused, with an example")
    void emptyKey_isRefusedWithAnExample() {
        read("hook.message.publish.1", "{\"topic\": \"t\", \"key\": \"\"}");
        assertThat(reader.errors()).singleElement().satisfies(e ->
                assertThat(e.expected()).contains("\"${clientid}\""));
    }

    @Test
    void badValues_areReportedAndReadAsDefaults() {
        BridgeSettings s = read("produce", "maybe", "required_acks", "two", "compression", "brotli",
                "servers", "kafka1", "buffer.max_bytes", "1MB", "buffer.segment_bytes", "800KB",
                "sasl.mechanism", "plain");
        assertThat(reader.errors()).extracting(ConfigError::key).containsExactlyInAnyOrder("produce",
                "required_acks", "compression", "servers", "buffer.segment_bytes", "sasl.username");
        assertThat(s.mode()).isEqualTo(ProduceMode.ASYNC);
        assertThat(s.buffer().segmentBytes()).isLessThanOrEqualTo(s.buffer().maxBytes() / 2);
    }

    @Test
    void environment_overridesTheFile() {
        BridgeSettings s = read(Map.of("OSPREY_BRIDGE_KAFKA__PRODUCE", "sync",
                "OSPREY_BRIDGE_KAFKA__SERVERS", "k1:9092,k2:9092"), "produce", "async");
        assertThat(s.mode()).isEqualTo(ProduceMode.SYNC);
        assertThat(s.producer().servers()).containsExactly("k1:9092", "k2:9092");
    }

    @Test
    @DisplayName("connection settings need a reconnect; rules, encoding and buffer limits do not")
    void needsReconnect_onlyForConnectionSettings() {
        BridgeSettings a = read("servers", "k1:9092");
        assertThat(a.needsReconnect(read("servers", "k1:9092", "hook.client.connected.1", "{\"topic\": \"t\"}",
                "encode_payload_type", "plain", "buffer.max_bytes", "2GB"))).isFalse();
        assertThat(a.needsReconnect(read("servers", "k2:9092"))).isTrue();
        assertThat(a.needsReconnect(read("servers", "k1:9092", "compression", "zstd"))).isTrue();
        assertThat(a.needsReconnect(read("servers", "k1:9092", "produce", "sync"))).isTrue();
    }
}
