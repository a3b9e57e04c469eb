package io.osprey.plugin.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.osprey.api.service.CommandResult;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How events get to the endpoint when it misbehaves: down for a while, hanging, too slow for the traffic; batching;
 * a changed url; unloading with events pending. A broker in-process, real MQTT clients, a real HTTP server.
 */
class DeliveryIT {

    private static final String[] PUBLISH_ONLY = WebhookNode.onlyRules(
            "rule.message.publish.1", "{\"action\": \"on_message_publish\"}");

    @TempDir
    Path home;
    private final List<Receiver> receivers = new ArrayList<>();
    private WebhookNode node;
    private TestClients clients;

    private Receiver receiver() throws Exception {
        Receiver r = Receiver.http();
        receivers.add(r);
        return r;
    }

    private void start(Receiver r, String... config) throws Exception {
        node = new WebhookNode(home, r.url(), config);
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
        receivers.forEach(Receiver::close);
    }

    @Test
    @DisplayName("endpoint down for a while, then up: every queued event arrives exactly once, in order per client")
    void endpointDownThenUp_everyEventArrivesOnce_inOrderPerClient() throws Exception {
        Receiver r = receiver();
        start(r, with(PUBLISH_ONLY, "max_retries", "1000", "pool_size", "4"));
        r.down();
        int perClient = 30;
        List<TestClients.V3> publishers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            publishers.add(clients.v3("p" + c));
        }
        for (int i = 0; i < perClient; i++) {
            for (TestClients.V3 p : publishers) {
                p.publish("seq/" + p.paho.getClientId(), Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node.webhook.counters().retried() > 0);
        Thread.sleep(700); // stays down across several retries
        assertThat(node.webhook.delivery().queued() + node.webhook.delivery().inFlight()).isEqualTo(3 * perClient);
        assertThat(r.bodies).isEmpty();

        r.up();
        List<JsonNode> got = r.take(3 * perClient, 15);
        assertThat(r.next(1)).as("no duplicate").isNull();
        Map<String, List<Integer>> byClient = new HashMap<>();
        for (JsonNode e : got) {
            byClient.computeIfAbsent(e.get("from_client_id").asText(), k -> new ArrayList<>())
                    .add(Integer.parseInt(e.get("payload").asText()));
        }
        List<Integer> expected = IntStream.range(0, perClient).boxed().toList();
        assertThat(byClient).containsOnlyKeys("p0", "p1", "p2");
        byClient.values().forEach(seq -> assertThat(seq).isEqualTo(expected));
        assertThat(node.webhook.counters().sent()).isEqualTo(3 * perClient);
        assertThat(node.webhook.counters().failed()).isZero();
        System.out.printf("[measure] endpoint down then up: %d events delivered once each, %d events re-sent%n",
                got.size(), node.webhook.counters().retried());
    }

    @Test
    @DisplayName("an endpoint that hangs does not slow CONNECT down (< 50 ms extra)")
    void hangingEndpoint_doesNotSlowConnect() throws Exception {
        Receiver r = receiver();
        r.mode(Receiver.Mode.HANG);
        start(r, "request_timeout", "30s", "pool_size", "8");
        node.broker.hooks().unregister(node.hooks);
        connectTimes("warm", 50);
        double[] without = connectTimes("off", 100);

        node.broker.hooks().register(node.hooks, "webhook", WebhookHooks.RANKING);
        double[] with = connectTimes("hang", 100);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.webhook.delivery().inFlight() == 8);
        assertThat(r.bodies).isEmpty();

        double medianWithout = median(without);
        double medianWith = median(with);
        System.out.printf("[measure] CONNECT..CONNACK, 100 connects each: plugin off median %.2f ms (mean %.2f, max "
                + "%.2f); plugin on with a hanging endpoint median %.2f ms (mean %.2f, max %.2f); %d events held%n",
                medianWithout, mean(without), max(without), medianWith, mean(with), max(with),
                node.webhook.delivery().queued() + node.webhook.delivery().inFlight());
        assertThat(medianWith - medianWithout).isLessThan(50.0);
        assertThat(mean(with) - mean(without)).isLessThan(50.0);
    }

    @Test
    @DisplayName("queue full: events are dropped and counted (metric webhook.dropped, ctl webhook status)")
    void queueFull_dropsAreCounted_andShownByCtl() throws Exception {
        Receiver r = receiver();
        r.mode(Receiver.Mode.HANG);
        start(r, with(PUBLISH_ONLY, "max_queue_len", "20", "pool_size", "1", "request_timeout", "30s"));
        var p = clients.v3("flood");
        for (int i = 0; i < 100; i++) {
            p.publish("flood/" + i, new byte[0], 0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node.webhook.counters().dropped() == 80);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.webhook.delivery().inFlight() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.metrics.value(Counters.DROPPED) == 80);

        CommandResult status = node.command.execute(List.of("status"));
        assertThat(status.text()).contains("url            " + r.url(), "queue          19",
                "max_queue_len  20", "in_flight      1", "sent           0", "dropped        80",
                "events         message.publish");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) status.data();
        assertThat(data).containsEntry("queue", 19).containsEntry("in_flight", 1).containsEntry("dropped", 80L)
                .containsEntry("url", r.url());
        assertThat(node.command.execute(List.of()).text()).isEqualTo(status.text());
    }

    @Test
    @DisplayName("batching: the body is a JSON array of at most batch_size events; per-client order holds")
    void batching_postsArrays_keepingOrderPerClient() throws Exception {
        Receiver r = receiver();
        start(r, with(PUBLISH_ONLY, "batch_size", "10", "batch_interval", "300ms"));
        var a = clients.v3("a");
        var b = clients.v3("b");
        for (int i = 0; i < 25; i++) {
            a.publish("batch/a", Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1);
            b.publish("batch/b", Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1);
        }
        List<JsonNode> got = r.take(50, 10);
        assertThat(r.bodies).allMatch(JsonNode::isArray).allMatch(body -> body.size() <= 10);
        assertThat(r.bodies.size()).isLessThan(50);
        System.out.printf("[measure] batching: 50 events in %d requests, sizes %s%n", r.bodies.size(),
                r.bodies.stream().map(JsonNode::size).toList());
        for (String client : List.of("a", "b")) {
            assertThat(got.stream().filter(e -> e.get("from_client_id").asText().equals(client))
                    .map(e -> Integer.parseInt(e.get("payload").asText())).toList())
                    .isEqualTo(IntStream.range(0, 25).boxed().toList());
        }
    }

    @Test
    @DisplayName("a changed url applies at once; a bad value keeps the previous configuration")
    void reload_changesTheUrl_andABadValueKeepsTheLastGoodConfiguration() throws Exception {
        Receiver first = receiver();
        Receiver second = receiver();
        start(first, PUBLISH_ONLY);
        var p = clients.v3("mover");
        p.publish("one", new byte[0], 0);
        assertThat(first.next(5).get("topic").asText()).isEqualTo("one");

        node.reconfigure("url", second.url());
        p.publish("two", new byte[0], 0);
        assertThat(second.next(5).get("topic").asText()).isEqualTo("two");

        node.reconfigure("url", "ftp://elsewhere", "pool_size", "lots");
        p.publish("three", new byte[0], 0);
        assertThat(second.next(5).get("topic").asText()).isEqualTo("three");
        assertThat(first.next(1)).isNull();
        assertThat(node.webhook.settings().url().toString()).isEqualTo(second.url());
    }

    @Test
    @DisplayName("unload: pending events are drained within drain_timeout, or counted as dropped")
    void unload_drainsPendingEvents_orCountsThemDropped() throws Exception {
        Receiver r = receiver();
        start(r, with(PUBLISH_ONLY, "max_retries", "1000", "drain_timeout", "3s"));
        var p = clients.v3("leaving");
        r.down();
        for (int i = 0; i < 10; i++) {
            p.publish("drain/" + i, new byte[0], 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node.webhook.counters().retried() > 0);
        r.up();
        node.unload();
        assertThat(r.take(10, 1)).extracting(e -> e.get("topic").asText())
                .isEqualTo(IntStream.range(0, 10).mapToObj(i -> "drain/" + i).toList());
        assertThat(node.webhook.counters().dropped()).isZero();

        // endpoint down for good: after drain_timeout the pending events are dropped and counted
        Receiver gone = receiver();
        Webhook second = new Webhook(Map.of("url", gone.url(), "rule.message.publish.1",
                "{\"action\": \"on_message_publish\"}", "drain_timeout", "300ms", "retry_interval", "50ms"),
                node.metrics, "osprey@test", home);
        WebhookHooks hooks = new WebhookHooks(second);
        node.broker.hooks().register(hooks, "webhook", WebhookHooks.RANKING);
        gone.down();
        for (int i = 0; i < 10; i++) {
            p.publish("lost/" + i, new byte[0], 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> second.delivery().queued()
                + second.delivery().inFlight() == 10);
        node.broker.hooks().unregister(hooks);
        long t0 = System.nanoTime();
        second.deactivate();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).isBetween(250L, 5000L);
        assertThat(second.counters().dropped()).isEqualTo(10);
        assertThat(node.metrics.value(Counters.DROPPED)).isEqualTo(10);
        System.out.printf("[measure] unload with the endpoint down: 10 events dropped and counted after %d ms%n", ms);
    }

    /**
     * CONNECT to CONNACK over a plain socket (MQTT 3.1.1, clean session), {@code n} times, in milliseconds: the
     * time a device waits to be connected, without a client library's own overhead in the figure.
     */
    private double[] connectTimes(String prefix, int n) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            byte[] id = (prefix + "-" + i).getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
            p.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, (byte) id.length});
            p.write(id);
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.listener.boundPort())) {
                s.setTcpNoDelay(true);
                java.io.OutputStream out = s.getOutputStream();
                java.io.InputStream in = s.getInputStream();
                long t0 = System.nanoTime();
                out.write(0x10);
                out.write(p.size());
                p.writeTo(out);
                out.flush();
                byte[] connack = in.readNBytes(4);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);
                out.write(new byte[] {(byte) 0xE0, 0x00});
                out.flush();
            }
        }
        return ms;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static String[] with(String[] base, String... more) {
        String[] out = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }
}
