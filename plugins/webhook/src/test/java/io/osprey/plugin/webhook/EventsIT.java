package io.osprey.plugin.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the endpoint receives, field for field as EMQX 4.x's emqx_web_hook posts it, for every event, driven by real
 * MQTT clients against a broker in-process and received by a real HTTP server.
 */
class EventsIT {

    @TempDir
    Path home;
    private Receiver receiver;
    private WebhookNode node;
    private TestClients clients;

    private void start(String... config) throws Exception {
        receiver = Receiver.http();
        node = new WebhookNode(home, receiver.url(), config);
        clients = new TestClients(node.uri());
    }

    @AfterEach
    void stop() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @DisplayName("every event of a client's life is posted in order, with EMQX's fields and values")
    void everyEvent_ofOneClient_isPostedInOrder_withEmqxFields() throws Exception {
        start("headers.X-Api-Key", "secret");
        long t0 = System.currentTimeMillis();
        var c = clients.v5("c1", "alice");

        List<JsonNode> connect = receiver.take(3, 5);
        assertThat(actions(connect)).containsExactly("client_connect", "client_connack", "client_connected");
        for (JsonNode e : connect) {
            assertThat(e.get("node").asText()).isEqualTo("osprey@test");
            assertThat(e.get("clientid").asText()).isEqualTo("c1");
            assertThat(e.get("username").asText()).isEqualTo("alice");
            assertThat(e.get("ipaddress").asText()).isEqualTo("127.0.0.1");
            assertThat(e.get("keepalive").asInt()).isEqualTo(30);
            assertThat(e.get("proto_ver").asInt()).isEqualTo(5);
        }
        assertThat(fields(connect.get(0))).containsExactly("action", "node", "clientid", "username", "ipaddress",
                "keepalive", "proto_ver");
        assertThat(fields(connect.get(1))).containsExactly("action", "node", "clientid", "username", "ipaddress",
                "keepalive", "proto_ver", "conn_ack");
        assertThat(connect.get(1).get("conn_ack").asText()).isEqualTo("success");
        assertThat(fields(connect.get(2))).containsExactly("action", "node", "clientid", "username", "ipaddress",
                "keepalive", "proto_ver", "connected_at");
        assertThat(connect.get(2).get("connected_at").asLong()).isBetween(t0, System.currentTimeMillis());
        assertThat(receiver.lastHeaders.getFirst("X-Api-Key")).isEqualTo("secret");
        assertThat(receiver.lastHeaders.getFirst("Content-Type")).isEqualTo("application/json");

        c.paho.subscribe("t/1", 1);
        List<JsonNode> subscribe = receiver.take(2, 5);
        assertThat(actions(subscribe)).containsExactly("client_subscribe", "session_subscribed");
        for (JsonNode e : subscribe) {
            assertThat(fields(e)).containsExactly("action", "node", "clientid", "username", "topic", "opts");
            assertThat(e.get("topic").asText()).isEqualTo("t/1");
            assertThat(e.get("opts").toString()).isEqualTo("{\"qos\":1,\"nl\":0,\"rap\":0,\"rh\":0}");
        }

        c.paho.publish("t/1", "héllo".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(c.next()).isEqualTo("t/1 héllo");
        List<JsonNode> message = receiver.take(3, 5);
        assertThat(actions(message)).containsExactly("message_publish", "message_delivered", "message_acked");
        assertThat(fields(message.get(0))).containsExactly("action", "node", "from_client_id", "from_username",
                "topic", "qos", "retain", "payload", "ts");
        for (JsonNode e : message.subList(1, 3)) {
            assertThat(fields(e)).containsExactly("action", "node", "clientid", "username", "from_client_id",
                    "from_username", "topic", "qos", "retain", "payload", "ts");
            assertThat(e.get("clientid").asText()).isEqualTo("c1");
            assertThat(e.get("username").asText()).isEqualTo("alice");
        }
        for (JsonNode e : message) {
            assertThat(e.get("from_client_id").asText()).isEqualTo("c1");
            assertThat(e.get("from_username").asText()).isEqualTo("alice");
            assertThat(e.get("topic").asText()).isEqualTo("t/1");
            assertThat(e.get("qos").asInt()).isEqualTo(1);
            assertThat(e.get("retain").isBoolean() && !e.get("retain").asBoolean()).isTrue();
            assertThat(e.get("payload").asText()).isEqualTo("héllo");
            assertThat(e.get("ts").asLong()).isBetween(t0, System.currentTimeMillis());
        }

        c.paho.unsubscribe("t/1");
        List<JsonNode> unsubscribe = receiver.take(2, 5);
        assertThat(actions(unsubscribe)).containsExactly("client_unsubscribe", "session_unsubscribed");
        assertThat(fields(unsubscribe.get(0))).containsExactly("action", "node", "clientid", "username", "topic",
                "opts");
        assertThat(unsubscribe.get(0).get("opts").toString()).isEqualTo("{}");
        assertThat(fields(unsubscribe.get(1))).containsExactly("action", "node", "clientid", "username", "topic");
        assertThat(unsubscribe.get(1).get("topic").asText()).isEqualTo("t/1");

        c.close();
        List<JsonNode> end = receiver.take(2, 5);
        assertThat(actions(end)).containsExactly("client_disconnected", "session_terminated");
        assertThat(fields(end.get(0))).containsExactly("action", "node", "clientid", "username", "reason",
                "disconnected_at");
        assertThat(end.get(0).get("reason").asText()).isEqualTo("normal");
        assertThat(end.get(0).get("disconnected_at").asLong()).isBetween(t0, System.currentTimeMillis());
        assertThat(fields(end.get(1))).containsExactly("action", "node", "clientid", "username", "reason");
        assertThat(end.get(1).get("reason").asText()).isEqualTo("normal");
        assertThat(receiver.next(1)).as("nothing else").isNull();
        assertThat(node.webhook.counters().sent()).isEqualTo(12);
    }

    @Test
    @DisplayName("encoding_of_payload_field = base64; an MQTT 3.1.1 client without user name: null, proto_ver 4")
    void base64Payload_andV3ClientWithoutUsername() throws Exception {
        start("encoding_of_payload_field", "base64");
        var c = clients.v3("bin");
        JsonNode connect = receiver.next(Receiver.action("client_connect"), 5);
        assertThat(connect.get("username").isNull()).isTrue();
        assertThat(connect.get("proto_ver").asInt()).isEqualTo(4);
        assertThat(connect.get("keepalive").asInt()).isEqualTo(60);

        byte[] binary = {0x00, (byte) 0xFF, 0x10, (byte) 0x80};
        c.publish("b/1", binary, 0);
        JsonNode publish = receiver.next(Receiver.action("message_publish"), 5);
        assertThat(publish.get("payload").asText()).isEqualTo(Base64.getEncoder().encodeToString(binary));
        assertThat(Base64.getDecoder().decode(publish.get("payload").asText())).isEqualTo(binary);
        assertThat(publish.get("from_username").isNull()).isTrue();
        assertThat(publish.get("qos").asInt()).isZero();
    }

    @Test
    @DisplayName("a rule's topic filter selects the messages and subscriptions that are posted")
    void topicFilters_selectWhatIsPosted() throws Exception {
        start(WebhookNode.onlyRules(
                "rule.message.publish.1", "{\"action\": \"on_message_publish\", \"topic\": \"a/#\"}",
                "rule.message.publish.2", "{\"action\": \"on_message_publish\", \"topic\": \"x/+/z\"}",
                "rule.client.subscribe.1", "{\"action\": \"on_client_subscribe\", \"topic\": \"s/#\"}"));
        var c = clients.v3("filtered");
        for (String topic : List.of("a/1", "b/1", "x/y/z", "x/y/w", "a", "aa/1")) {
            c.publish(topic, topic.getBytes(StandardCharsets.UTF_8), 0);
        }
        c.paho.subscribe(new String[] {"s/1", "q/1"}, new int[] {0, 0});
        c.publish("a/last", new byte[0], 0);
        List<String> seen = new ArrayList<>();
        JsonNode e;
        do {
            e = receiver.next(5);
            assertThat(e).as("events so far: " + seen).isNotNull();
            seen.add(e.get("action").asText() + " " + e.get("topic").asText());
        } while (!e.get("topic").asText().equals("a/last"));
        assertThat(seen).containsExactly("message_publish a/1", "message_publish x/y/z", "message_publish a",
                "client_subscribe s/1", "message_publish a/last");
    }

    @Test
    @DisplayName("$SYS messages are never posted, even with rules for every topic")
    void sysMessages_areNeverPosted() throws Exception {
        start();
        var watcher = clients.v3("watcher");
        watcher.paho.subscribe(new String[] {"$SYS/#", "done"}, new int[] {0, 0});
        clients.v3("someone");
        assertThat(watcher.next()).as("a $SYS message reached the watcher").startsWith("$SYS/");
        watcher.publish("done", new byte[0], 0);
        receiver.next(e -> e.get("action").asText().equals("message_delivered")
                && e.get("topic").asText().equals("done"), 5);
        assertThat(node.webhook.delivery().awaitIdle(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        List<JsonNode> all = new ArrayList<>(receiver.bodies);
        assertThat(all).isNotEmpty();
        assertThat(all).noneMatch(b -> b.get("action").asText().startsWith("message_")
                && b.get("topic").asText().startsWith("$SYS"));
        assertThat(all).anyMatch(b -> b.get("action").asText().equals("client_subscribe")
                && b.get("topic").asText().equals("$SYS/#"));
    }

    @Test
    @DisplayName("a message published by the broker itself (no client) is posted with null from fields")
    void brokerMessage_hasNullFromFields() throws Exception {
        start();
        clients.v3("anyone").paho.subscribe("api/t", 0);
        new io.osprey.broker.service.PublishServiceImpl(node.broker)
                .publish(io.osprey.api.Message.builder("api/t").payload("from the API").build());
        JsonNode e = receiver.next(Receiver.action("message_publish"), 5);
        assertThat(e.get("from_client_id").isNull()).isTrue();
        assertThat(e.get("from_username").isNull()).isTrue();
        assertThat(e.get("payload").asText()).isEqualTo("from the API");
    }

    private static List<String> actions(List<JsonNode> events) {
        return events.stream().map(e -> e.get("action").asText()).toList();
    }

    private static List<String> fields(JsonNode e) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = e.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
