package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each hook rule produces the right record on the right Kafka topic, with the right key and EMQX's JSON fields, read
 * back with a real Kafka consumer from a real (in-JVM) broker.
 */
class HookRulesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private TestKafka kafka;
    private BridgeNode node;
    private Clients clients;

    @BeforeEach
    void kafka() throws Exception {
        kafka = TestKafka.get();
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

    private List<JsonNode> values(String topic, int n) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, n, Duration.ofSeconds(20));
        assertThat(records).as("records on " + topic).hasSize(n);
        List<JsonNode> out = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    @Test
    @DisplayName("every hook point's rule sends its event, with EMQX's fields, to its topic and key")
    void eachHookRule_producesItsRecord() throws Exception {
        String connected = kafka.newTopic("connected", 1);
        String disconnected = kafka.newTopic("disconnected", 1);
        String subscribed = kafka.newTopic("subscribed", 1);
        String unsubscribed = kafka.newTopic("unsubscribed", 1);
        String published = kafka.newTopic("published", 3);
        String delivered = kafka.newTopic("delivered", 1);
        String acked = kafka.newTopic("acked", 1);
        node = new BridgeNode(home, "servers", kafka.servers(), "produce", "async",
                "hook.client.connected.1", "{\"topic\": \"" + connected + "\", \"key\": \"${clientid}\"}",
                "hook.client.disconnected.1", "{\"topic\": \"" + disconnected + "\"}",
                "hook.session.subscribed.1", "{\"filter\": \"rules/#\", \"topic\": \"" + subscribed + "\"}",
                "hook.session.unsubscribed.1", "{\"filter\": \"#\", \"topic\": \"" + unsubscribed + "\"}",
                "hook.message.publish.1", "{\"filter\": \"rules/+/temp\", \"topic\": \"" + published
                        + "\", \"key\": \"${username}/${topic}\"}",
                "hook.message.delivered.1", "{\"filter\": \"rules/#\", \"topic\": \"" + delivered + "\"}",
                "hook.message.acked.1", "{\"filter\": \"rules/#\", \"topic\": \"" + acked + "\"}");
        clients = new Clients(node.uri());

        var sub = clients.v5("sub-1", "alice");
        sub.subscribe("rules/#", 1).waitForCompletion(5000);
        sub.subscribe("other/#", 0).waitForCompletion(5000);
        var pub = clients.v5("pub-1", "bob");
        MqttMessage m = new MqttMessage("21.5".getBytes(StandardCharsets.UTF_8), 1, false, null);
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new UserProperty("site", "lyon"), new UserProperty("unit", "C")));
        m.setProperties(props);
        pub.publish("rules/room1/temp", m).waitForCompletion(5000);
        pub.publish("rules/room1/humidity", "40".getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(5000);
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    node.bridge().counters().get("hook.message.acked.1").matched() == 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(node.bridge().counters().snapshot() + " " + node.broker.hooks().registered(), e);
        }
        sub.unsubscribe("rules/#").waitForCompletion(5000);
        sub.disconnect().waitForCompletion(5000);

        // client.connected: both clients, keyed by client id
        List<ConsumerRecord<byte[], byte[]>> conn = kafka.read(connected, 2, Duration.ofSeconds(20));
        assertThat(conn).hasSize(2);
        JsonNode c0 = JSON.readTree(conn.get(0).value());
        assertThat(new String(conn.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("sub-1");
        assertThat(c0.get("client_id").asText()).isEqualTo("sub-1");
        assertThat(c0.get("username").asText()).isEqualTo("alice");
        assertThat(c0.get("ipaddress").asText()).isEqualTo("127.0.0.1");
        assertThat(c0.get("proto_ver").asInt()).isEqualTo(5);
        assertThat(c0.get("node").asText()).isEqualTo("osprey@127.0.0.1");
        assertThat(c0.get("ts").asLong()).isPositive();
        assertThat(c0.has("connected_at")).isTrue();

        JsonNode d = values(disconnected, 1).get(0);
        assertThat(d.get("client_id").asText()).isEqualTo("sub-1");
        assertThat(d.get("reason").asText()).isEqualTo("normal");

        // only the subscription that matches the rule's filter
        JsonNode s = values(subscribed, 1).get(0);
        assertThat(s.get("topic").asText()).isEqualTo("rules/#");
        assertThat(s.get("qos").asInt()).isEqualTo(1);
        assertThat(s.get("client_id").asText()).isEqualTo("sub-1");

        JsonNode u = values(unsubscribed, 1).get(0);
        assertThat(u.get("topic").asText()).isEqualTo("rules/#");

        // message.publish: only rules/+/temp, key from the template, payload base64, user properties as headers
        List<ConsumerRecord<byte[], byte[]>> pubs = kafka.read(published, 1, Duration.ofSeconds(20));
        assertThat(pubs).hasSize(1);
        ConsumerRecord<byte[], byte[]> p = pubs.get(0);
        assertThat(new String(p.key(), StandardCharsets.UTF_8)).isEqualTo("bob/rules/room1/temp");
        JsonNode pv = JSON.readTree(p.value());
        assertThat(pv.get("client_id").asText()).isEqualTo("pub-1");
        assertThat(pv.get("username").asText()).isEqualTo("bob");
        assertThat(pv.get("topic").asText()).isEqualTo("rules/room1/temp");
        assertThat(new String(Base64.getDecoder().decode(pv.get("payload").asText()), StandardCharsets.UTF_8))
                .isEqualTo("21.5");
        assertThat(pv.get("qos").asInt()).isEqualTo(1);
        assertThat(pv.get("retain").asBoolean()).isFalse();
        List<Header> headers = List.of(p.headers().toArray());
        assertThat(headers).extracting(Header::key).containsExactly("site", "unit");
        assertThat(headers).extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("lyon", "C");

        // delivered and acked: the subscriber, and the publisher in "from"
        List<JsonNode> dl = values(delivered, 2);
        assertThat(dl).extracting(n -> n.get("client_id").asText()).containsOnly("sub-1");
        assertThat(dl).extracting(n -> n.get("from").asText()).containsOnly("pub-1");
        assertThat(dl).extracting(n -> n.get("topic").asText())
                .containsExactly("rules/room1/temp", "rules/room1/humidity");
        List<JsonNode> ak = values(acked, 2);
        assertThat(ak).extracting(n -> n.get("username").asText()).containsOnly("alice");

        assertThat(node.bridge().counters().get("hook.message.publish.1").sent()).isEqualTo(1);
        assertThat(node.metrics.value("bridge-kafka.sent")).isEqualTo(2 + 1 + 1 + 1 + 1 + 2 + 2);
    }
}
