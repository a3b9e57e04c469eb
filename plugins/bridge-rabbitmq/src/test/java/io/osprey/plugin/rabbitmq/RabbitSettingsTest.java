package io.osprey.plugin.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigError;
import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.event.EventBody;
import io.osprey.bridge.core.event.EventEncoder;
import io.osprey.bridge.core.event.HookPoint;
import io.osprey.bridge.core.event.PayloadEncoding;
import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.plugin.rabbitmq.config.RabbitSettings;
import io.osprey.plugin.rabbitmq.record.AmqpCodec;
import io.osprey.plugin.rabbitmq.record.AmqpRecord;
import io.osprey.plugin.rabbitmq.rule.AmqpRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code etc/osprey.bridge.rabbit.cfg}: defaults, rules, errors, and what a rule makes of an event. */
class RabbitSettingsTest {

    private ConfigReader reader;

    private RabbitSettings read(String... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        reader = ConfigReader.of(RabbitSettings.NAME, m, Map.of());
        return RabbitSettings.read(reader, Path.of("/opt/osprey"));
    }

    @Test
    void defaults() {
        RabbitSettings s = read();
        assertThat(reader.errors()).isEmpty();
        assertThat(s.mode()).isEqualTo(ProduceMode.ASYNC);
        assertThat(s.connection().servers()).containsExactly("127.0.0.1:5672");
        assertThat(s.connection().virtualHost()).isEqualTo("/");
        assertThat(s.connection().poolSize()).isEqualTo(4);
        assertThat(s.rules()).isEmpty();
    }

    @Test
    @DisplayName("a publish rule: topic exchange declared, ${topic} with / as ., persistent JSON")
    void publishRule_makesRoutingKeyFromTheTopic() {
        RabbitSettings s = read("hook.message.publish.1",
                "{\"filter\": \"sensors/#\", \"exchange\": \"topic:mqtt.messages\", \"routing_key\": \"x.${topic}\"}");
        assertThat(reader.errors()).isEmpty();
        AmqpRule rule = s.rules().get(0);
        BridgeEvent e = new BridgeEvent(HookPoint.MESSAGE_PUBLISH, "dev-1", null, null, 0, 0, 0, null,
                "sensors/a/temp", 1, false, "21".getBytes(StandardCharsets.UTF_8), null, List.of(), 5L);
        AmqpRecord r = rule.record(e, new EventBody(new EventEncoder(PayloadEncoding.PLAIN, "n1"), e));
        assertThat(r.exchange()).isEqualTo("mqtt.messages");
        assertThat(r.exchangeType()).isEqualTo("topic");
        assertThat(r.routingKey()).isEqualTo("x.sensors.a.temp");
        assertThat(r.persistent()).isTrue();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"payload\":\"21\"");
        AmqpRecord back = AmqpCodec.INSTANCE.decode(AmqpCodec.INSTANCE.encode(r));
        assertThat(back.routingKey()).isEqualTo(r.routingKey());
        assertThat(back.body()).isEqualTo(r.body());
        assertThat(back.ruleId()).isEqualTo("hook.message.publish.1");
    }

    @Test
    @DisplayName("bad rules are reported with their key and what was expected; the others apply")
    void badRules_areReportedWithTheirKey() {
        RabbitSettings s = read("hook.message.publish.1", "{\"filter\": \"#\"}",
                "hook.message.publish.2", "{\"exchange\": \"topic:amq.topic\"}",
                "hook.message.publish.3", "{\"exchange\": \"x\", \"routing_key\": \"${peerhost}\"}",
                "hook.client.connected.1", "{\"exchange\": \"x\", \"payload\": \"raw\"}",
                "hook.message.acked.1", "{\"exchange\": \"bad name!\"}",
                "hook.message.delivered.1", "{\"exchange\": \"ok\"}");
        assertThat(reader.errors()).extracting(ConfigError::key).containsExactlyInAnyOrder(
                "hook.message.publish.1", "hook.message.publish.2", "hook.message.publish.3",
                "hook.client.connected.1", "hook.message.acked.1");
        assertThat(reader.errors()).extracting(ConfigError::expected)
                .anyMatch(x -> x.contains("\"exchange\""))
                .anyMatch(x -> x.contains("cannot be declared"))
                .anyMatch(x -> x.contains("unknown placeholder ${peerhost}"))
                .anyMatch(x -> x.contains("only for message.publish"));
        assertThat(s.rules()).extracting(AmqpRule::id).containsExactly("hook.message.delivered.1");
    }

    @Test
    void connectionChanges_needAReconnect_ruleChangesDoNot() {
        RabbitSettings a = read("server", "r1:5672");
        assertThat(a.needsReconnect(read("server", "r1:5672", "hook.message.publish.1",
                "{\"exchange\": \"amq.topic\"}"))).isFalse();
        assertThat(a.needsReconnect(read("server", "r2:5672"))).isTrue();
        assertThat(a.needsReconnect(read("server", "r1:5672", "virtual_host", "/iot"))).isTrue();
    }

    @Test
    @DisplayName("the shipped etc/osprey.bridge.rabbit.cfg reads cleanly, with a rule for every hook")
    void shippedFile_readsCleanly() throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(Path.of("../../etc/osprey.bridge.rabbit.cfg"))) {
            p.load(in);
        }
        String[] pairs = p.stringPropertyNames().stream().flatMap(k -> java.util.stream.Stream.of(k, p.getProperty(k)))
                .toArray(String[]::new);
        RabbitSettings s = read(pairs);
        assertThat(reader.errors()).isEmpty();
        assertThat(s.rules()).extracting(AmqpRule::point).containsExactlyInAnyOrder(HookPoint.values());
    }
}
