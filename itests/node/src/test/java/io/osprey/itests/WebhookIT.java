package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The webhook plugin in the assembled node, as an admin runs it: shipped unloaded, the url set in
 * {@code etc/osprey.webhook.cfg}, loaded with {@code ctl plugins load webhook}; the bodies a real HTTP endpoint
 * receives; {@code ctl webhook status}; unload, load and reload while a publisher keeps publishing (the broker keeps
 * serving, events resume, nothing pending is lost); the url changed by editing the file. The methods run in order on
 * one node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookIT {

    static NodeProcess node;
    static Endpoint endpoint;

    @BeforeAll
    static void start() throws Exception {
        endpoint = new Endpoint();
        node = NodeProcess.copy("webhook");
        setConfig("url", endpoint.url());
        setConfig("retry_interval", "100ms");
        setConfig("max_retry_interval", "500ms");
        setConfig("drain_timeout", "3s");
        node.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        endpoint.close();
    }

    @Test
    @Order(1)
    void shippedUnloaded_loadedByCtl_postsEveryEventOfAClient_withEmqxBodies() throws Exception {
        assertThat(node.ctl("plugins", "list").out()).containsPattern("webhook\\s+\\S+\\s+unloaded\\s+WebHook");
        NodeProcess.Ctl load = node.ctl("plugins", "load", "webhook");
        assertThat(load.exit()).as(load.out()).isZero();

        try (Mqtt.Client c = Mqtt.connect(node.mqttUri(), "dev-1")) {
            c.paho.subscribe("dev/1", 1);
            c.publish("dev/1", "hello", 1);
            assertThat(c.next(5)).isEqualTo("hello");
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.actionsOf("dev-1").contains("message_acked"));
        }
        List<String> expected = List.of("client_connect", "client_connack", "client_connected", "client_subscribe",
                "session_subscribed", "message_publish", "message_delivered", "message_acked", "client_disconnected",
                "session_terminated");
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.actionsOf("dev-1").size() >= expected.size());
        assertThat(endpoint.actionsOf("dev-1")).containsExactlyElementsOf(expected);
        String publish = endpoint.bodies.stream().filter(b -> b.contains("\"action\":\"message_publish\"")
                && b.contains("\"from_client_id\":\"dev-1\"")).findFirst().orElseThrow();
        assertThat(publish).matches("\\{\"action\":\"message_publish\",\"node\":\"osprey@127.0.0.1\","
                + "\"from_client_id\":\"dev-1\",\"from_username\":null,\"topic\":\"dev/1\",\"qos\":1,"
                + "\"retain\":false,\"payload\":\"hello\",\"ts\":\\d{13}}");
        assertThat(endpoint.bodies).anyMatch(b -> b.matches("\\{\"action\":\"client_connected\",\"node\":\"osprey@"
                + "127.0.0.1\",\"clientid\":\"dev-1\",\"username\":null,\"ipaddress\":\"127.0.0.1\",\"keepalive\":60,"
                + "\"proto_ver\":4,\"connected_at\":\\d{13}}"));

        NodeProcess.Ctl status = node.ctl("webhook", "status");
        assertThat(status.exit()).as(status.out()).isZero();
        assertThat(status.out()).contains("url            " + endpoint.url(), "dropped        0")
                .containsPattern("sent\\s+1\\d");
        assertThat(node.ctl("webhook", "status", "--json").out()).contains("\"url\"", "\"in_flight\"",
                "\"dropped\" : 0");
        assertThat(node.ctl("broker", "metrics").out()).contains("webhook.sent");
    }

    @Test
    @Order(2)
    void unloadLoadReload_underTraffic_brokerKeepsServing_eventsResume_nothingPendingIsLost() throws Exception {
        Mqtt.Client sub = Mqtt.connect(node.mqttUri(), "traffic-sub");
        sub.paho.subscribe("traffic", 1);
        Mqtt.Client pub = Mqtt.connect(node.mqttUri(), "traffic-pub");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread publisher = new Thread(() -> {
            while (running.get()) {
                try {
                    pub.publish("traffic", Integer.toString(published.get()), 1);
                    published.incrementAndGet();
                    Thread.sleep(5);
                } catch (Throwable t) {
                    failures.add(t);
                    return;
                }
            }
        }, "traffic-publisher");
        publisher.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> posted().size() >= 20);

            NodeProcess.Ctl unload = node.ctl("plugins", "unload", "webhook");
            assertThat(unload.exit()).as(unload.out()).isZero();
            Thread.sleep(300);
            int whileUnloaded = posted().size();
            int publishedBefore = published.get();
            Thread.sleep(1000);
            assertThat(published.get()).as("the broker keeps serving").isGreaterThan(publishedBefore + 20);
            assertThat(posted()).as("no events while unloaded").hasSize(whileUnloaded);

            NodeProcess.Ctl load = node.ctl("plugins", "load", "webhook");
            assertThat(load.exit()).as(load.out()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> posted().size() >= whileUnloaded + 20);

            int beforeReload = posted().size();
            NodeProcess.Ctl reload = node.ctl("plugins", "reload", "webhook");
            assertThat(reload.exit()).as(reload.out()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> posted().size() >= beforeReload + 20);
        } finally {
            running.set(false);
            publisher.join(10_000);
        }
        assertThat(failures).isEmpty();
        int total = published.get();
        List<String> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String m;
            while ((m = sub.inbox.poll()) != null) {
                received.add(m);
            }
            return received.size() >= total;
        });
        List<String> all = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            all.add(Integer.toString(i));
        }
        assertThat(received).as("every message reached the subscriber, in order").isEqualTo(all);

        List<Integer> seq = posted();
        for (int i = 1; i < seq.size(); i++) {
            assertThat(seq.get(i)).as("events of one client in order, once each").isGreaterThan(seq.get(i - 1));
        }
        String metrics = node.ctl("broker", "metrics").out();
        assertThat(metrics).doesNotContainPattern("webhook\\.dropped\\s+:\\s+[1-9]");
        assertThat(node.log()).doesNotContain("Webhook stopped with");
        System.out.printf("[measure] hot deploy under traffic: %d messages published and delivered, %d "
                + "message_publish events posted (none while unloaded)%n", total, seq.size());
        sub.close();
        pub.close();
    }

    @Test
    @Order(3)
    void editedConfigFile_changesTheUrl_atOnce() throws Exception {
        try (Endpoint second = new Endpoint(); Mqtt.Client c = Mqtt.connect(node.mqttUri(), "mover")) {
            setConfig("url", second.url());
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                c.publish("moved", "x", 0);
                return second.bodies.stream().anyMatch(b -> b.contains("\"topic\":\"moved\""));
            });
            int atFirst = endpoint.bodies.size();
            c.publish("moved", "y", 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> second.bodies.stream()
                    .anyMatch(b -> b.contains("\"payload\":\"y\"")));
            assertThat(endpoint.bodies).hasSize(atFirst);
            assertThat(node.ctl("webhook", "status").out()).contains(second.url());
        }
    }

    /** The sequence numbers of the publisher's messages the endpoint received, in arrival order. */
    private static List<Integer> posted() {
        List<Integer> out = new ArrayList<>();
        for (String b : endpoint.bodies) {
            if (b.contains("\"action\":\"message_publish\"") && b.contains("\"from_client_id\":\"traffic-pub\"")) {
                out.add(Integer.parseInt(Endpoint.field(b, "payload")));
            }
        }
        return out;
    }

    /** Sets {@code key = value} in the node's {@code etc/osprey.webhook.cfg} (replacing the key's line). */
    private static void setConfig(String key, String value) throws IOException {
        Path cfg = node.home().resolve("etc/osprey.webhook.cfg");
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + Pattern.quote(key) + "\\s*=.*")) {
                lines.set(i, key + " = " + value);
                found = true;
            }
        }
        if (!found) {
            lines.add(key + " = " + value);
        }
        Files.write(cfg, lines);
    }

    /** A real HTTP endpoint on an ephemeral port that answers 200 and keeps every body as text. */
    static final class Endpoint implements AutoCloseable {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(8);
        private final HttpServer server;

        Endpoint() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.createContext("/", x -> {
                try (x; InputStream in = x.getRequestBody()) {
                    bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    x.sendResponseHeaders(200, -1);
                }
            });
            server.setExecutor(threads);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
        }

        /** The actions of one client's events (as the client concerned, the subscriber or the publisher). */
        List<String> actionsOf(String clientId) {
            List<String> out = new ArrayList<>();
            for (String b : bodies) {
                if (b.contains("\"clientid\":\"" + clientId + "\"") || (b.contains("\"action\":\"message_publish\"")
                        && b.contains("\"from_client_id\":\"" + clientId + "\""))) {
                    out.add(field(b, "action"));
                }
            }
            return out;
        }

        static String field(String json, String name) {
            Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
