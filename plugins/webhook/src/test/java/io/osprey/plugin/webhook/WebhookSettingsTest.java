package io.osprey.plugin.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigError;
import io.osprey.api.config.ConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSettingsTest {

    @TempDir
    Path home;

    private ConfigReader reader;

    private WebhookSettings read(String... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        reader = ConfigReader.of("webhook", m, Map.of());
        return WebhookSettings.read(reader, home);
    }

    @Test
    void noKeys_noUrl_noRules_emqxLikeDefaults() {
        WebhookSettings s = read();
        assertThat(reader.errors()).isEmpty();
        assertThat(s.url()).isNull();
        assertThat(s.rules().describe()).isEmpty();
        assertThat(s.base64()).isFalse();
        assertThat(s.pool()).isEqualTo(32);
        assertThat(s.maxQueueLen()).isEqualTo(100_000);
        assertThat(s.batchSize()).isEqualTo(1);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.ssl()).isNull();
    }

    @Test
    void shippedFile_hasARuleForEveryEvent_andNoErrors_soSettingUrlIsEnough() throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(Path.of("../../etc/osprey.webhook.cfg"))) {
            p.load(in);
        }
        Map<String, Object> m = new HashMap<>();
        p.forEach((k, v) -> m.put((String) k, v));
        reader = ConfigReader.of("webhook", m, Map.of("OSPREY_WEBHOOK__URL", "http://127.0.0.1:8080/webhook"));
        WebhookSettings s = WebhookSettings.read(reader, home);
        assertThat(reader.errors()).isEmpty();
        assertThat(reader.unknownKeys()).isEmpty();
        assertThat(s.url().toString()).isEqualTo("http://127.0.0.1:8080/webhook");
        for (EventType e : EventType.values()) {
            assertThat(s.rules().matches(e, "any/topic")).as(e.hook()).isTrue();
        }
    }

    @Test
    void rules_inEmqxShape_withAndWithoutTopic() {
        WebhookSettings s = read("url", "http://h:8080",
                "rule.client.connected.1", "{\"action\": \"on_client_connected\"}",
                "rule.message.publish.1", "{\"action\": \"on_message_publish\", \"topic\": \"a/#\"}",
                "rule.message.publish.2", "{\"action\": \"on_message_publish\", \"topic\": \"b/+\"}");
        assertThat(reader.errors()).isEmpty();
        assertThat(s.url().toString()).isEqualTo("http://h:8080/");
        Rules r = s.rules();
        assertThat(r.on(EventType.CLIENT_CONNECTED)).isTrue();
        assertThat(r.on(EventType.CLIENT_CONNECT)).isFalse();
        assertThat(r.matches(EventType.MESSAGE_PUBLISH, "a/1/2")).isTrue();
        assertThat(r.matches(EventType.MESSAGE_PUBLISH, "b/1")).isTrue();
        assertThat(r.matches(EventType.MESSAGE_PUBLISH, "b/1/2")).isFalse();
        assertThat(r.describe()).containsExactly("client.connected", "message.publish [a/#, b/+]");
    }

    @Test
    void aRuleWithoutTopic_winsOverTopicRulesOfTheSameHook() {
        WebhookSettings s = read("rule.message.acked.1", "{\"action\": \"on_message_acked\", \"topic\": \"a/#\"}",
                "rule.message.acked.2", "{\"action\": \"on_message_acked\"}");
        assertThat(s.rules().matches(EventType.MESSAGE_ACKED, "z")).isTrue();
    }

    @Test
    void badRules_areReportedWithKeyValueAndExpectation_andLeftOut() {
        WebhookSettings s = read(
                "rule.client.connect.1", "{\"action\": \"on_client_connected\"}",
                "rule.client.connected.1", "{\"action\": \"on_client_connected\", \"topic\": \"a\"}",
                "rule.message.publish.1", "{\"action\": \"on_message_publish\", \"topic\": \"a/#/b\"}",
                "rule.message.dropped.1", "{\"action\": \"on_message_dropped\"}",
                "rule.message.acked.1", "not json");
        assertThat(reader.errors()).extracting(ConfigError::key).containsExactlyInAnyOrder(
                "rule.client.connect.1", "rule.client.connected.1", "rule.message.publish.1",
                "rule.message.dropped.1", "rule.message.acked.1");
        assertThat(reader.errors()).filteredOn(e -> e.key().equals("rule.client.connect.1")).first()
                .extracting(ConfigError::expected).asString().contains("{\"action\": \"on_client_connect\"}");
        assertThat(reader.errors()).filteredOn(e -> e.key().equals("rule.client.connected.1")).first()
                .extracting(ConfigError::expected).asString().contains("have no topic");
        assertThat(s.rules().describe()).isEmpty();
    }

    @Test
    void badValues_nameTheKey() {
        read("url", "ftp://x", "encoding_of_payload_field", "base62", "pool_size", "0", "headers.Host", "x",
                "retry_interval", "0", "ssl.cacertfile", "missing.pem");
        assertThat(reader.errors()).extracting(ConfigError::key).containsExactlyInAnyOrder("url",
                "encoding_of_payload_field", "pool_size", "headers.Host", "retry_interval", "ssl.cacertfile");
    }

    @Test
    void headers_keepTheirNamesAndOrder() {
        WebhookSettings s = read("headers.Authorization", "Bearer t", "headers.content-type", "application/x");
        assertThat(reader.errors()).isEmpty();
        assertThat(s.headers()).containsExactly(Map.entry("Authorization", "Bearer t"),
                Map.entry("content-type", "application/x"));
    }

    @Test
    void backoff_doublesFromRetryInterval_upToTheCap() {
        WebhookSettings s = read("retry_interval", "100ms", "max_retry_interval", "1s");
        assertThat(s.backoffNanos(1)).isEqualTo(100_000_000L);
        assertThat(s.backoffNanos(2)).isEqualTo(200_000_000L);
        assertThat(s.backoffNanos(4)).isEqualTo(800_000_000L);
        assertThat(s.backoffNanos(5)).isEqualTo(1_000_000_000L);
        assertThat(s.backoffNanos(500)).isEqualTo(1_000_000_000L);
    }

    @Test
    void environmentOverrides_reachRulesAndUrl() {
        reader = ConfigReader.of("webhook", Map.of(), Map.of("OSPREY_WEBHOOK__URL", "http://e:1/x",
                "OSPREY_WEBHOOK__RULE_CLIENT_CONNECTED_1", "{\"action\": \"on_client_connected\"}"));
        WebhookSettings s = WebhookSettings.read(reader, home);
        assertThat(reader.errors()).isEmpty();
        assertThat(s.url().toString()).isEqualTo("http://e:1/x");
        assertThat(s.rules().on(EventType.CLIENT_CONNECTED)).isTrue();
    }
}
