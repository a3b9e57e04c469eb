package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin unloaded, loaded and updated under traffic, and its configuration edited: what the bridge accepted is
 * never lost or reordered, and a change of the connection settings reconnects (a new producer) while rule edits
 * apply without one.
 */
class PluginLifecycleIT {

    @TempDir
    Path home;
    private TestKafka kafka;
    private BridgeNode node;
    private Clients clients;
    private String topic;

    private String[] config(String... extra) {
        String[] base = {"servers", kafka.servers(), "produce", "async", "encode_payload_type", "plain",
                "hook.message.publish.1", "{\"filter\": \"load/#\", \"topic\": \"" + topic
                        + "\", \"key\": \"${clientid}\"}"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private long matched() {
        return node.bridge().counters().get("hook.message.publish.1").matched();
    }

    @Test
    @DisplayName("unload/load and update under traffic: every record the bridge accepted arrives once, in order")
    void reloadUnderTraffic_acceptedRecordsArriveOnceInOrder() throws Exception {
        kafka = TestKafka.get();
        topic = kafka.newTopic("reload", 3);
        node = new BridgeNode(home, config());
        clients = new Clients(node.uri());
        long accepted = 0;
        Map<String, Integer> sent;
        try (Load load = new Load(clients, "bus", 3, 5)) {
            for (int i = 0; i < 2; i++) {
                long before = matched();
                await().atMost(Duration.ofSeconds(10)).until(() -> matched() >= before + 100);
                accepted += matched();
                node.reloadPlugin();
            }
            long before = matched();
            await().atMost(Duration.ofSeconds(10)).until(() -> matched() >= before + 100);
            sent = load.stop();
        }
        accepted += matched();
        long total = accepted;
        List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, (int) total, Duration.ofSeconds(30));
        assertThat(records).hasSize((int) total);
        Map<String, List<Integer>> byKey = Load.byKey(records);
        for (Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
            assertThat(e.getValue()).as("records of " + e.getKey()).isSorted().doesNotHaveDuplicates();
            assertThat(e.getValue().get(e.getValue().size() - 1)).isLessThan(sent.get(e.getKey()));
        }
    }

    @Test
    @DisplayName("a connection setting edited under traffic reconnects; a rule edit applies without reconnecting")
    void configChange_reconnects_ruleChange_doesNot() throws Exception {
        kafka = TestKafka.get();
        topic = kafka.newTopic("reconf", 3);
        String other = kafka.newTopic("reconf-other", 1);
        node = new BridgeNode(home, config());
        clients = new Clients(node.uri());
        Bridge bridge = node.bridge();
        Map<String, Integer> sent;
        try (Load load = new Load(clients, "van", 3, 5)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> matched() >= 100);
            var first = bridge.status();
            assertThat(bridge.linksOpened()).isEqualTo(1);
            node.configure(config("client_id", "osprey_reconfigured", "compression", "lz4"));
            assertThat(bridge.linksOpened()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> bridge.status().state().equals("connected")
                    && bridge.status().lastSentAt() > System.currentTimeMillis() - 1000);
            assertThat(bridge.settings().producer().clientId()).isEqualTo("osprey_reconfigured");
            assertThat(first.state()).isEqualTo("connected");
            long before = matched();
            await().atMost(Duration.ofSeconds(10)).until(() -> matched() >= before + 100);
            sent = load.stop();
        }
        int total = sent.values().stream().mapToInt(Integer::intValue).sum();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                node.bridge().counters().get("hook.message.publish.1").sent() == total);
        Load.assertExactlyOnceInOrder(sent, kafka.read(topic, total, Duration.ofSeconds(30)));

        // a rule edit: applies at once, over the same connection
        node.configure(config("client_id", "osprey_reconfigured", "compression", "lz4",
                "hook.client.connected.1", "{\"topic\": \"" + other + "\"}"));
        clients.v3("late-comer");
        assertThat(kafka.read(other, 1, Duration.ofSeconds(20))).hasSize(1);
        assertThat(bridge.linksOpened()).isEqualTo(2);
    }
}
