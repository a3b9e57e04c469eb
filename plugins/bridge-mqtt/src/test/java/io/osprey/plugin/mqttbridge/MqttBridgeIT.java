package io.osprey.plugin.mqttbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.osprey.testkit.TestClients;
import io.osprey.testkit.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT bridge against a real Mosquitto (Debian's) as the remote broker, started by each test on a free port:
 * forwards with a mountpoint, remote subscriptions brought in, a two-way bridge that does not loop, TLS with a
 * client certificate the remote requires, and a 20 s outage of the remote under QoS 1 traffic.
 */
class MqttBridgeIT {

    @TempDir
    Path dir;
    private TestMosquitto remote;
    private MqttBridgeNode node;
    private TestClients local;
    private TestClients far;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(TestMosquitto.installed(), "mosquitto is installed (.ci/run installs it)");
        node = new MqttBridgeNode(dir.resolve("osprey"));
        local = new TestClients(node.uri());
    }

    @AfterEach
    void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (far != null) {
            far.close();
        }
        if (node != null) {
            node.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    private void remote(String extra) throws Exception {
        remote = new TestMosquitto(dir.resolve("mosquitto"), extra);
        far = new TestClients("tcp://127.0.0.1:" + remote.port());
    }

    private String address() {
        return "127.0.0.1:" + remote.port();
    }

    private static void awaitUp(BridgeComponent c) {
        await().atMost(Duration.ofSeconds(15)).until(() -> "connected".equals(c.bridge().status().state()));
    }

    @Test
    @DisplayName("forwards (MQTT 3.1.1): local topics reach the remote under the mountpoint, QoS and retain kept")
    void forwards_reachTheRemoteUnderTheMountpoint() throws Exception {
        remote("");
        BridgeComponent c = node.add("edge", "address", address(), "proto_ver", "mqttv4",
                "forwards", "sensors/#,alarms/+", "mountpoint", "bridge/${node}/");
        awaitUp(c);
        TestClients.V3 sub = far.v3("far-sub");
        sub.paho.subscribe("bridge/#", 1);
        TestClients.V3 dev = local.v3("dev-1");
        dev.publish("sensors/room1/temp", "21.5", 1, false);
        dev.publish("other/x", "not forwarded", 1, false);
        dev.publish("alarms/fire", "now", 1, true);
        String nodeName = node.broker.node.name();
        assertThat(sub.next(10)).isEqualTo("bridge/" + nodeName + "/sensors/room1/temp 21.5");
        assertThat(sub.next(10)).isEqualTo("bridge/" + nodeName + "/alarms/fire now");
        assertThat(sub.next(0.5)).isNull();
        // the retained flag went along: a late subscriber gets the message as retained
        TestClients.V3 late = far.v3("far-late");
        late.paho.subscribe("bridge/+/alarms/#", 1);
        assertThat(late.next(10)).isEqualTo("bridge/" + nodeName + "/alarms/fire now");
        assertThat(c.bridge().counters().get("forward sensors/#").sent()).isEqualTo(1);
    }

    @Test
    @DisplayName("subscriptions (MQTT 5): remote messages are published locally with their QoS; $share is allowed")
    void subscriptions_bringRemoteMessagesIn() throws Exception {
        remote("");
        BridgeComponent c = node.add("cloud", "address", address(), "proto_ver", "mqttv5",
                "subscription.1.topic", "cmd/#", "subscription.1.qos", "1",
                "subscription.2.topic", "$share/osprey/jobs/+", "subscription.2.qos", "1");
        awaitUp(c);
        TestClients.V3 sub = local.v3("local-sub");
        sub.paho.subscribe("#", 1);
        TestClients.V3 pub = far.v3("far-pub");
        pub.publish("cmd/dev-1/reboot", "now", 1, false);
        pub.publish("jobs/42", "start", 1, false);
        List<String> got = List.of(sub.next(10), sub.next(10));
        assertThat(got).containsExactlyInAnyOrder("cmd/dev-1/reboot now", "jobs/42 start");
        await().atMost(Duration.ofSeconds(5)).until(() -> c.bridge().inbound().published() == 2);
    }

    @Test
    @DisplayName("two-way bridge on the same topics does not loop: MQTT 5 No Local")
    void twoWay_v5_doesNotLoop() throws Exception {
        remote("");
        BridgeComponent c = node.add("both", "address", address(), "proto_ver", "mqttv5",
                "forwards", "sensors/#", "subscription.1.topic", "sensors/#", "subscription.1.qos", "1");
        awaitUp(c);
        assertNoLoop(c);
    }

    @Test
    @DisplayName("two-way bridge does not loop with MQTT 3.1.1 either: the bridge bit tells Mosquitto")
    void twoWay_v311_bridgeMode_doesNotLoop() throws Exception {
        remote("");
        BridgeComponent c = node.add("both", "address", address(), "proto_ver", "mqttv4", "bridge_mode", "on",
                "forwards", "sensors/#", "subscription.1.topic", "sensors/#", "subscription.1.qos", "1");
        awaitUp(c);
        assertNoLoop(c);
    }

    private void assertNoLoop(BridgeComponent c) throws Exception {
        TestClients.V3 localSub = local.v3("local-sub");
        localSub.paho.subscribe("sensors/#", 1);
        TestClients.V3 farSub = far.v3("far-sub");
        farSub.paho.subscribe("sensors/#", 1);
        // one message each way
        local.v3("dev-1").publish("sensors/local", "from osprey", 1, false);
        far.v3("dev-2").publish("sensors/remote", "from mosquitto", 1, false);
        List<String> atLocal = new ArrayList<>();
        List<String> atRemote = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            localSub.inbox.drainTo(atLocal);
            farSub.inbox.drainTo(atRemote);
            return atLocal.size() >= 2 && atRemote.size() >= 2;
        });
        // anything that looped would come back within a few round trips
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> {
            localSub.inbox.drainTo(atLocal);
            farSub.inbox.drainTo(atRemote);
            return atLocal.size() == 2 && atRemote.size() == 2;
        });
        assertThat(atLocal).containsExactlyInAnyOrder("sensors/local from osprey", "sensors/remote from mosquitto");
        assertThat(atRemote).containsExactlyInAnyOrder("sensors/local from osprey", "sensors/remote from mosquitto");
        assertThat(c.bridge().counters().get("forward sensors/#").sent()).isEqualTo(1);
        assertThat(c.bridge().inbound().received()).isEqualTo(1);
    }

    @Test
    @DisplayName("TLS: the remote requires a client certificate; with it the bridge connects (its certificate checked "
            + "for localhost), without it not")
    void tls_clientCertificateRequired() throws Exception {
        Path pki = dir.resolve("pki");
        java.nio.file.Files.createDirectories(pki);
        TestPki.Identity server = TestPki.selfSigned(pki, "server");
        TestPki.Identity client = TestPki.selfSigned(pki, "client");
        remote = new TestMosquitto(dir.resolve("mosquitto"), "");
        int tlsPort = TestMosquitto.freePort();
        remote.close();
        remote = new TestMosquitto(dir.resolve("mosquitto"), "listener " + tlsPort + " 127.0.0.1\n"
                + "certfile " + server.certPem() + "\nkeyfile " + server.keyPem() + "\ncafile " + client.certPem()
                + "\nrequire_certificate true\n");
        far = new TestClients("tcp://127.0.0.1:" + remote.port());
        TestClients.V3 farSub = far.v3("far-sub");
        farSub.paho.subscribe("secure/#", 1);

        BridgeComponent denied = node.add("nocert", "address", "127.0.0.1:" + tlsPort, "ssl", "on",
                "cacertfile", server.certPem().toString(), "server_name_indication", "localhost",
                "forwards", "secure/#", "reconnect_interval", "1s");
        await().atMost(Duration.ofSeconds(10)).until(() -> denied.bridge().status().lastError() != null);
        assertThat(denied.bridge().status().state()).isNotEqualTo("connected");
        node.remove(denied);

        BridgeComponent c = node.add("secure", "address", "127.0.0.1:" + tlsPort, "ssl", "on", "proto_ver",
                "mqttv5", "cacertfile", server.certPem().toString(), "certfile", client.certPem().toString(),
                "keyfile", client.keyPem().toString(), "server_name_indication", "localhost", "alpn", "mqtt",
                "forwards", "secure/#");
        awaitUp(c);
        local.v3("dev-1").publish("secure/door", "locked", 1, false);
        assertThat(farSub.next(10)).isEqualTo("secure/door locked");
        assertThat(c.bridge().status().extra()).containsEntry("ssl", true);
    }

    @Test
    @DisplayName("the remote stopped for 20 s while 1,000 QoS 1 messages are published: all arrive, in order")
    void remoteDown20s_thousandQos1_allArriveInOrder() throws Exception {
        remote("");
        BridgeComponent c = node.add("edge", "address", address(), "proto_ver", "mqttv4",
                "forwards", "load/#", "reconnect_interval", "1s");
        awaitUp(c);
        // a persistent subscriber at the remote: its session keeps what arrives while it is away
        far.v3("counter", null, null, false).paho.subscribe("load/#", 1);
        far.close();
        remote.stop();
        long downAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> !"connected".equals(c.bridge().status().state()));
        TestClients.V3 dev = local.v3("dev-1");
        for (int i = 0; i < 1000; i++) {
            dev.publish("load/dev-1", Integer.toString(i), 1, false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> c.bridge().status().buffer().records() == 1000);
        await().atMost(Duration.ofSeconds(25)).until(() -> System.nanoTime() - downAt >= 20_000_000_000L);
        remote.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> c.bridge().counters().get("forward load/#").sent() == 1000);
        far = new TestClients("tcp://127.0.0.1:" + remote.port());
        TestClients.V3 counter = far.v3("counter", null, null, false);
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            counter.inbox.drainTo(got);
            return got.size() >= 1000;
        });
        assertThat(got).isEqualTo(IntStream.range(0, 1000).mapToObj(i -> "load/dev-1 " + i).toList());
        assertThat(c.bridge().status().buffer().records()).isZero();
    }

    @Test
    @DisplayName("sync: the local PUBACK waits for the remote broker's PUBACK")
    void sync_localPubackWaitsForTheRemote() throws Exception {
        remote("");
        io.osprey.testkit.TcpProxy proxy = new io.osprey.testkit.TcpProxy();
        proxy.target(new java.net.InetSocketAddress("127.0.0.1", remote.port()));
        try {
            BridgeComponent c = node.add("edge", "address", "127.0.0.1:" + proxy.port(), "produce", "sync",
                    "produce.sync_timeout", "20s", "forwards", "orders/#");
            awaitUp(c);
            TestClients.V3 sub = far.v3("far-sub");
            sub.paho.subscribe("orders/#", 1);
            var pub = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(node.uri(), "till-1",
                    new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            pub.connect().waitForCompletion(10_000);
            try {
                proxy.pause();
                var token = pub.publish("orders/1", "paid".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1,
                        false);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !token.isComplete());
                proxy.resume();
                token.waitForCompletion(20_000);
                assertThat(sub.next(10)).isEqualTo("orders/1 paid");
                assertThat(c.bridge().status().buffer().records()).isZero();
            } finally {
                pub.disconnectForcibly(100, 100);
                pub.close();
            }
        } finally {
            proxy.close();
        }
    }

    @Test
    @DisplayName("ctl bridges: list, status, stop (messages wait in the buffer) and start (they are sent)")
    void ctlBridges_listStatusStopStart() throws Exception {
        remote("");
        BridgeComponent c = node.add("edge", "address", address(), "forwards", "a/#");
        awaitUp(c);
        node.add("aws", "enable", "off", "address", "abc123-ats.iot.eu-west-1.amazonaws.com:8883", "ssl", "on");
        BridgesCommand ctl = new BridgesCommand(node.bridges);
        assertThat(ctl.execute(List.of("list")).text()).contains("edge").contains("connected").contains(address())
                .containsPattern("aws +disabled");
        ctl.execute(List.of("stop", "edge"));
        TestClients.V3 sub = far.v3("far-sub");
        sub.paho.subscribe("a/#", 1);
        local.v3("dev-1").publish("a/1", "x", 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.bridge().status().buffer().records() == 1);
        assertThat(ctl.execute(List.of("list")).text()).contains("stopped");
        assertThat(sub.next(0.5)).isNull();
        ctl.execute(List.of("start", "edge"));
        assertThat(sub.next(10)).isEqualTo("a/1 x");
        String status = ctl.execute(List.of("status", "edge")).text();
        assertThat(status).contains("MQTT bridge edge: connected").contains("forward a/#");
        @SuppressWarnings("unchecked") Map<String, Object> data = (Map<String, Object>) ctl.execute(List.of("status", "edge")).data();
        assertThat(data).containsKeys("state", "buffer", "rules");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ctl.execute(List.of("status", "nope")))
                .hasMessageContaining("no MQTT bridge nope");
    }
}
