package io.osprey.plugin.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.osprey.testkit.TcpProxy;
import io.osprey.testkit.TestClients;
import io.osprey.testkit.TestPki;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RabbitMQ bridge against a real RabbitMQ node started once for the class: routing keys and bindings seen by a
 * real consumer, sync mode holding the PUBACK until the publisher confirm, and a RabbitMQ restart under traffic.
 * The bridge reaches RabbitMQ through a {@link TcpProxy}, so that "RabbitMQ does not answer" can be made on demand.
 */
class RabbitBridgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path rabbitDir;
    private static TestRabbit rabbit;
    private static TcpProxy proxy;
    private static Connection consumer;

    /** The test's own AMQP connection, opened again after a RabbitMQ restart. */
    private static synchronized Channel channel() throws Exception {
        if (consumer == null || !consumer.isOpen()) {
            consumer = rabbit.factory().newConnection();
        }
        return consumer.createChannel();
    }

    @TempDir
    Path home;
    private RabbitNode node;
    private TestClients clients;

    private static TestPki.Identity server;
    private static TestPki.Identity client;
    private static int tlsPort;

    @BeforeAll
    static void startRabbit() throws Exception {
        Assumptions.assumeTrue(TestRabbit.installed(), "rabbitmq-server is installed (.ci/run installs it)");
        Path pki = java.nio.file.Files.createDirectories(rabbitDir.resolve("pki"));
        server = TestPki.selfSigned(pki, "rabbit");
        client = TestPki.selfSigned(pki, "bridge");
        tlsPort = TestRabbit.freePort();
        // a TLS listener beside the plain one (Erlang's TLS refuses the test kit's self-signed client certificates,
        // which are no CA, so RabbitMQ does not ask for one here; the bridge still loads its PEM key and chain)
        rabbit = new TestRabbit(java.nio.file.Files.createDirectories(rabbitDir.resolve("node")),
                "listeners.ssl.1 = 127.0.0.1:" + tlsPort + "\n"
                + "ssl_options.certfile = " + server.certPem() + "\n"
                + "ssl_options.keyfile = " + server.keyPem() + "\n"
                + "ssl_options.verify = verify_none\n");
        proxy = new TcpProxy();
        proxy.target(new InetSocketAddress("127.0.0.1", rabbit.port()));
    }

    @AfterAll
    static void stopRabbit() throws Exception {
        if (consumer != null && consumer.isOpen()) {
            consumer.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @AfterEach
    void stopNode() {
        proxy.resume();
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private String[] config(String produce, String... rules) {
        List<String> c = new ArrayList<>(List.of("server", "127.0.0.1:" + proxy.port(), "produce", produce,
                "produce.sync_timeout", "20s", "reconnect_interval", "500ms", "encode_payload_type", "plain"));
        c.addAll(List.of(rules));
        return c.toArray(String[]::new);
    }

    /** A durable queue bound to a (durable) exchange with a binding key, declared by the test's consumer. */
    private static String queue(String exchange, String type, String bindingKey) throws Exception {
        try (Channel ch = channel()) {
            ch.exchangeDeclare(exchange, type, true);
            String q = ch.queueDeclare("q-" + exchange + "-" + System.nanoTime(), true, false, false, null).getQueue();
            ch.queueBind(q, exchange, bindingKey);
            return q;
        }
    }

    /** Takes the messages now in {@code queue} (acknowledging them). */
    private static List<GetResponse> drain(String queue) throws Exception {
        List<GetResponse> out = new ArrayList<>();
        try (Channel ch = channel()) {
            GetResponse r;
            while ((r = ch.basicGet(queue, true)) != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static long depth(String queue) throws Exception {
        try (Channel ch = channel()) {
            return ch.messageCount(queue);
        }
    }

    @Test
    @DisplayName("routing keys: ${topic} with / as . reaches the queues whose bindings match, and only those")
    void routingKeys_reachMatchingBindingsOnly() throws Exception {
        String temps = queue("mqtt.messages", "topic", "sensors.*.temp");
        String all = queue("mqtt.messages", "topic", "sensors.#");
        String raw = queue("mqtt.raw", "direct", "dev-1");
        String events = queue("mqtt.events", "fanout", "");
        node = new RabbitNode(home, config("async",
                "hook.message.publish.1", "{\"filter\": \"sensors/#\", \"exchange\": \"topic:mqtt.messages\"}",
                "hook.message.publish.2", "{\"filter\": \"raw/#\", \"exchange\": \"direct:mqtt.raw\", "
                        + "\"routing_key\": \"${clientid}\", \"payload\": \"raw\"}",
                "hook.client.connected.1", "{\"exchange\": \"fanout:mqtt.events\"}"));
        clients = new TestClients(node.uri());
        TestClients.V3 dev = clients.v3("dev-1");
        dev.publish("sensors/room1/temp", "21.5", 1, false);
        dev.publish("sensors/room1/humidity", "40", 1, false);
        dev.publish("raw/bytes", new byte[] {0, 1, 2, (byte) 0xFF}, 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> depth(all) == 2 && depth(raw) == 1 && depth(events) >= 1);

        List<GetResponse> t = drain(temps);
        assertThat(t).singleElement().satisfies(r -> {
            assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("sensors.room1.temp");
            assertThat(r.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(r.getProps().getContentType()).isEqualTo("application/json");
        });
        JsonNode v = JSON.readTree(t.get(0).getBody());
        assertThat(v.get("client_id").asText()).isEqualTo("dev-1");
        assertThat(v.get("topic").asText()).isEqualTo("sensors/room1/temp");
        assertThat(v.get("payload").asText()).isEqualTo("21.5");
        assertThat(v.get("qos").asInt()).isEqualTo(1);
        assertThat(drain(all)).extracting(r -> r.getEnvelope().getRoutingKey())
                .containsExactly("sensors.room1.temp", "sensors.room1.humidity");
        assertThat(drain(raw)).singleElement().satisfies(r -> {
            assertThat(r.getBody()).containsExactly(0, 1, 2, 0xFF);
            assertThat(r.getProps().getHeaders().get("mqtt_topic").toString()).isEqualTo("raw/bytes");
            assertThat(r.getProps().getHeaders().get("mqtt_qos").toString()).isEqualTo("1");
        });
        JsonNode connected = JSON.readTree(drain(events).get(0).getBody());
        assertThat(connected.get("client_id").asText()).isEqualTo("dev-1");
        assertThat(connected.has("ipaddress")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.sent("hook.message.publish.1") == 2);
        assertThat(node.status()).containsEntry("state", "connected");
    }

    @Test
    @DisplayName("TLS: the server certificate checked against the PEM CA and the host name; PEM client key loaded")
    void tls_withClientCertificate() throws Exception {
        String q = queue("mqtt.tls", "topic", "#");
        node = new RabbitNode(home, "server", "localhost:" + tlsPort, "ssl", "on",
                "ssl.cacertfile", server.certPem().toString(), "ssl.certfile", client.certPem().toString(),
                "ssl.keyfile", client.keyPem().toString(), "reconnect_interval", "500ms",
                "hook.message.publish.1", "{\"filter\": \"secure/#\", \"exchange\": \"topic:mqtt.tls\"}");
        clients = new TestClients(node.uri());
        clients.v3("door-1").publish("secure/door", "locked", 1, false);
        await().atMost(Duration.ofSeconds(15)).until(() -> depth(q) == 1);
        assertThat(node.status()).containsEntry("state", "connected");
    }

    @Test
    @DisplayName("sync: the PUBACK waits for RabbitMQ's publisher confirm, and comes once it arrives")
    void sync_pubackOnlyAfterTheConfirm() throws Exception {
        String q = queue("mqtt.sync", "topic", "#");
        node = new RabbitNode(home, config("sync",
                "hook.message.publish.1", "{\"filter\": \"orders/#\", \"exchange\": \"topic:mqtt.sync\"}"));
        MqttAsyncClient pub = new MqttAsyncClient(node.uri(), "till-1", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        pub.connect(o).waitForCompletion(10_000);
        try {
            // warm up: connection and channels open, the exchange declared
            pub.publish("orders/0", "warm".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(20_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> depth(q) == 1);

            proxy.pause();
            IMqttDeliveryToken token = pub.publish("orders/1", "paid".getBytes(StandardCharsets.UTF_8), 1, false);
            // RabbitMQ cannot confirm while nothing reaches it: no PUBACK meanwhile
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !token.isComplete());
            assertThat(depth(q)).isEqualTo(1);
            proxy.resume();
            token.waitForCompletion(20_000);
            assertThat(token.isComplete()).isTrue();
            assertThat(depth(q)).isEqualTo(2);
            assertThat(node.sent("hook.message.publish.1")).isEqualTo(2);
        } finally {
            pub.disconnectForcibly(100, 100);
            pub.close();
        }
    }

    @Test
    @DisplayName("async: RabbitMQ stopped and started again under traffic → nothing lost, order per publisher kept")
    void rabbitRestartUnderTraffic_nothingLost_orderKeptPerPublisher() throws Exception {
        String q = queue("mqtt.load", "topic", "load.#");
        node = new RabbitNode(home, config("async",
                "hook.message.publish.1", "{\"filter\": \"load/#\", \"exchange\": \"topic:mqtt.load\"}"));
        clients = new TestClients(node.uri());
        List<TestClients.V3> pubs = List.of(clients.v3("car-0"), clients.v3("car-1"), clients.v3("car-2"));
        Map<String, Integer> sent = new LinkedHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (TestClients.V3 p : pubs) {
            String id = p.paho.getClientId();
            sent.put(id, 0);
            Thread t = new Thread(() -> {
                int i = 0;
                try {
                    while (running.get()) {
                        // about 300 messages/s per publisher: RabbitMQ must find some CPU to start again
                        java.util.concurrent.locks.LockSupport.parkNanos(3_000_000);
                        p.publish("load/" + id, Integer.toString(i), 1, false);
                        i++;
                        synchronized (sent) {
                            sent.put(id, i);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "publisher-" + id);
            t.start();
            threads.add(t);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> node.sent("hook.message.publish.1") > 300);
        long t0 = System.nanoTime();
        rabbit.stop();
        await().atMost(Duration.ofSeconds(15)).until(() -> node.bridge().status().buffer().records() > 200);
        rabbit.start();
        System.out.printf("RabbitMQ stopped and started again in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> node.bridge().status().buffer().records() < 100
                && "connected".equals(node.status().get("state")));
        running.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
        int total;
        synchronized (sent) {
            total = sent.values().stream().mapToInt(Integer::intValue).sum();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> node.sent("hook.message.publish.1") >= total
                && node.bridge().status().buffer().records() == 0);
        Map<String, List<Integer>> got = new LinkedHashMap<>();
        for (GetResponse r : drain(q)) {
            JsonNode v = JSON.readTree(r.getBody());
            got.computeIfAbsent(v.get("client_id").asText(), k -> new ArrayList<>())
                    .add(Integer.parseInt(v.get("payload").asText()));
        }
        for (Map.Entry<String, Integer> e : sent.entrySet()) {
            List<Integer> seq = got.getOrDefault(e.getKey(), List.of());
            // at least once: a message whose confirm the outage swallowed comes again, right after its first copy's
            // neighbours; without the repeats every publisher's messages are all there, in order
            List<Integer> firsts = seq.stream().distinct().toList();
            assertThat(firsts).as("messages of %s, first copies in arrival order", e.getKey())
                    .isEqualTo(java.util.stream.IntStream.range(0, e.getValue()).boxed().toList());
        }
        assertThat(node.bridge().counters().get("hook.message.publish.1").dropped()).isZero();
    }
}
