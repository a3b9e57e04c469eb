package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.plugin.kafka.config.BridgeSettings;
import io.osprey.plugin.kafka.produce.KafkaLink;
import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.stats.BridgeCounters;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctl bridge-kafka status} over a bridge whose producer is Kafka's {@link MockProducer}. */
class BridgeCommandTest {

    @TempDir
    Path data;

    @Test
    @SuppressWarnings("unchecked")
    void status_showsConnectionBufferAndOneRowPerRule() throws Exception {
        BridgeSettings s = BridgeSettings.read(ConfigReader.of(BridgeSettings.NAME, Map.of(
                "servers", "k1:9092", "hook.client.connected.1", "{\"topic\": \"conn\"}",
                "hook.message.publish.1", "{\"filter\": \"a/#\", \"topic\": \"msgs\"}"), Map.of()), data);
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        Bridge bridge = new Bridge(s, "osprey@test", data, new BridgeCounters("bridge-kafka.", null), (cfg, queue, counters) ->
                new KafkaLink(cfg.producer(), cfg.mode(), cfg.syncTimeout(), queue, counters, () -> producer));
        try {
            bridge.event(new BridgeEvent(io.osprey.bridge.core.event.HookPoint.CLIENT_CONNECTED, "c1", null, "::1",
                    60, 5, 1L, null, null, 0, false, null, null, List.of(), 2L));
            org.awaitility.Awaitility.await().until(() -> bridge.counters().get("hook.client.connected.1").sent() == 1);
            CommandResult r = new BridgeCommand(bridge).execute(List.of("status"));
            assertThat(r.text()).contains("Kafka bridge: connected (k1:9092), produce = async")
                    .contains("buffer:").contains("hook.client.connected.1  1        1     0       1         0")
                    .contains("hook.message.publish.1");
            assertThat(r.data()).isInstanceOf(java.util.Map.class);
            assertThat((java.util.Map<String, Object>) r.data()).containsKeys("state", "buffer", "rules", "last_error");
            assertThatThrownBy(() -> new BridgeCommand(bridge).execute(List.of("flush")))
                    .isInstanceOf(CommandException.class).hasMessageContaining("bridge-kafka status");
        } finally {
            bridge.close();
        }
    }
}
