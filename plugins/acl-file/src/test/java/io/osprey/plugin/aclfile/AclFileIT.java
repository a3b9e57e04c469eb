package io.osprey.plugin.aclfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.osprey.api.service.CommandException;

/** The acl-file plugin in a real broker, exercised by real MQTT clients over TCP. */
class AclFileIT {

    @TempDir
    Path home;

    private AclBroker node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private AclBroker start(String acl, String... brokerConfig) throws Exception {
        node = new AclBroker(home, acl, brokerConfig);
        return node;
    }

    @Test
    void shippedDefaultRules_localhostAndDashboardMayWatchSys_othersMayNot() throws Exception {
        start(Files.readString(Path.of("../../etc/acl.conf")));
        try (V3 local = v3("local", null, "127.0.0.1"); V3 remote = v3("remote", null, "127.0.0.5");
             V3 dashboard = v3("dash", "dashboard", "127.0.0.5")) {
            assertThat(local.suback("$SYS/#", 1)).isEqualTo(1);
            assertThat(local.suback("#", 1)).isEqualTo(1);
            assertThat(remote.suback("$SYS/#", 1)).isEqualTo(128);
            assertThat(remote.suback("#", 1)).isEqualTo(128);
            assertThat(remote.suback("a/#", 1)).isEqualTo(1);
            assertThat(remote.suback("+/#", 1)).isEqualTo(128);
            assertThat(remote.suback("$share/g/#", 1)).isEqualTo(128);
            assertThat(remote.suback("+/b", 0)).isEqualTo(0);
            assertThat(dashboard.suback("$SYS/#", 0)).isEqualTo(0); // (etc/passwd locks the name; no auth-file here)
        }
    }

    @Test
    void eachFormOfWho_withRealConnections() throws Exception {
        start("""
                {allow, {user, "alice"}, publish, ["by-user"]}.
                {allow, {client, "c-7"}, publish, ["by-client"]}.
                {allow, {ipaddr, "127.0.0.5"}, publish, ["by-ip"]}.
                {allow, {ipaddrs, ["10.0.0.0/8", "127.0.0.6/32"]}, publish, ["by-ips"]}.
                {allow, {'and', [{user, "bob"}, {ipaddr, "127.0.0.0/8"}]}, publish, ["by-and"]}.
                {allow, all, subscribe, ["#"]}.
                {deny, all}.
                """);
        try (V3 sub = v3("watcher", null, "127.0.0.1"); V3 alice = v3("a-1", "alice", "127.0.0.1");
             V3 c7 = v3("c-7", null, "127.0.0.1"); V3 ip5 = v3("ip5", null, "127.0.0.5");
             V3 ip6 = v3("ip6", null, "127.0.0.6"); V3 bob = v3("b-1", "bob", "127.0.0.1")) {
            sub.suback("#", 1);
            for (String t : List.of("by-user", "by-client", "by-ip", "by-ips", "by-and")) {
                for (V3 c : List.of(alice, c7, ip5, ip6, bob)) {
                    c.publish(t, c.id + "->" + t);
                }
            }
            assertThat(sub.drain()).containsExactlyInAnyOrder("a-1->by-user", "c-7->by-client", "ip5->by-ip",
                    "ip6->by-ips", "b-1->by-and");
        }
    }

    @Test
    void placeholdersAndEq() throws Exception {
        start("""
                {allow, all, pubsub, ["devices/%c/#", "users/%u/inbox"]}.
                {deny, all, subscribe, [{eq, "devices/#"}]}.
                {allow, all, subscribe, ["devices/#"]}.
                {deny, all}.
                """);
        try (V3 d1 = v3("d1", "ann", "127.0.0.1")) {
            assertThat(d1.suback("devices/d1/#", 1)).isEqualTo(1);
            assertThat(d1.suback("devices/d2/#", 1)).isEqualTo(1); // third rule
            assertThat(d1.suback("devices/#", 1)).isEqualTo(128); // eq
            assertThat(d1.suback("devices/+", 1)).isEqualTo(1);
            assertThat(d1.suback("users/ann/inbox", 1)).isEqualTo(1);
            assertThat(d1.suback("users/bob/inbox", 1)).isEqualTo(128);
            d1.publish("devices/d1/state", "own");
            d1.publish("devices/d2/state", "other's");
            assertThat(d1.drain()).containsExactly("own");
        }
    }

    @Test
    void deniedPublish_isDropped_v5GetsPuback0x87_andDeniedSubscribeGets0x87() throws Exception {
        start("""
                {deny, all, publish, ["secret/#"]}.
                {deny, all, subscribe, ["private/#"]}.
                {allow, all}.
                """);
        try (V3 sub = v3("sub", null, "127.0.0.1")) {
            sub.suback("#", 1);
            var v5 = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(node.uri(), "v5",
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            v5.connect(new MqttConnectionOptions()).waitForCompletion(5000);
            IMqttToken pub = v5.publish("secret/x", "s".getBytes(StandardCharsets.UTF_8), 1, false);
            pub.waitForCompletion(5000);
            assertThat(pub.getReasonCodes()).containsExactly(0x87);
            IMqttToken ok = v5.publish("public/x", "p".getBytes(StandardCharsets.UTF_8), 1, false);
            ok.waitForCompletion(5000);
            assertThat(ok.getReasonCodes()).containsExactly(0);
            IMqttToken s = v5.subscribe(new MqttSubscription("private/#", 1));
            s.waitForCompletion(5000);
            assertThat(s.getReasonCodes()).containsExactly(0x87);
            v5.disconnect().waitForCompletion(5000);
            v5.close();
            sub.publish("secret/y", "v3-secret");
            assertThat(sub.drain()).containsExactly("p");
            assertThat(node.broker.metrics().get("client.acl.deny")).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void denyActionDisconnect_closesTheClient() throws Exception {
        start("{deny, all, publish, [\"forbidden\"]}.\n{allow, all}.\n", "acl_deny_action", "disconnect");
        try (V3 c = v3("bad", null, "127.0.0.1")) {
            c.paho.publish("forbidden", "x".getBytes(StandardCharsets.UTF_8), 0, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.paho.isConnected());
        }
    }

    @Test
    void noMatch_fallsToAclNomatch() throws Exception {
        start("{allow, all, pubsub, [\"ok/#\"]}.\n", "acl_nomatch", "deny");
        try (V3 c = v3("nm", null, "127.0.0.1")) {
            assertThat(c.suback("ok/#", 1)).isEqualTo(1);
            assertThat(c.suback("other/#", 1)).isEqualTo(128);
        }
    }

    @Test
    void editedFile_appliesAtOnce_evenOverCachedDecisions_brokenFile_keepsRulesInForce() throws Exception {
        start("{allow, all}.\n");
        try (V3 c = v3("edit", null, "127.0.0.1")) {
            c.suback("t/#", 1);
            c.publish("t/1", "before"); // allowed, and now cached
            assertThat(c.drain()).containsExactly("before");

            node.writeAcl("{deny, all, publish, [\"t/1\"]}.\n{allow, all}.\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> node.plugin.execute(List.of("show")).text()
                    .contains("{deny, all, publish, [\"t/1\"]}."));
            c.publish("t/1", "after");
            c.publish("t/2", "still");
            assertThat(c.drain()).containsExactly("still");

            node.writeAcl("{deny, all, publish, [\"t/1\"]}.\n{allow, all publish, [\"x\"]}.\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> node.plugin.execute(List.of("show")).text()
                    .contains("LAST RELOAD FAILED"));
            String show = node.plugin.execute(List.of("show")).text();
            assertThat(show).contains(home.resolve("etc/acl.conf") + ":2:13: expected ',' or '}', found 'publish'")
                    .contains("{allow, all}.");
            c.publish("t/1", "denied-still");
            c.publish("t/3", "allowed-still");
            assertThat(c.drain()).containsExactly("allowed-still");

            try {
                node.plugin.execute(List.of("reload"));
                throw new AssertionError("reload of a broken file must fail");
            } catch (CommandException e) {
                assertThat(e.getMessage()).contains(":2:13:");
            }
        }
    }

    @Test
    void cacheClean_andCheckCommand() throws Exception {
        start("{allow, {client, \"cc\"}, publish, [\"a/+\"]}.\n{deny, all}.\n");
        try (V3 c = v3("cc", null, "127.0.0.1")) {
            assertThat(node.plugin.execute(List.of("cache-clean", "cc")).text()).contains("cleaned for cc");
            assertThat(node.plugin.execute(List.of("cache-clean", "all")).text()).contains("all clients");
        }
        try {
            node.plugin.execute(List.of("cache-clean", "nobody"));
            throw new AssertionError("expected an error");
        } catch (CommandException e) {
            assertThat(e.getMessage()).isEqualTo("Client nobody is not connected");
        }
        assertThat(node.plugin.execute(List.of("check", "cc", "-", "10.0.0.1", "publish", "a/b")).text())
                .isEqualTo("allow  (line 1: {allow, {client, \"cc\"}, publish, [\"a/+\"]}.)");
        assertThat(node.plugin.execute(List.of("check", "zz", "u", "10.0.0.1", "publish", "a/b")).text())
                .isEqualTo("deny  (line 2: {deny, all}.)");
    }

    // ---- clients ---------------------------------------------------------------------------------------------

    /** A 3.1.1 client connecting from a chosen loopback address (Linux routes all of 127.0.0.0/8 to lo). */
    private V3 v3(String id, String username, String fromIp) throws Exception {
        return new V3(node.uri(), id, username, fromIp);
    }

    private static final class V3 implements AutoCloseable {
        final String id;
        final MqttAsyncClient paho;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

        V3(String uri, String id, String username, String fromIp) throws Exception {
            this.id = id;
            paho = new MqttAsyncClient(uri, id, new MemoryPersistence());
            paho.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            if (username != null) {
                o.setUserName(username);
                o.setPassword("pw".toCharArray());
            }
            o.setSocketFactory(new BoundSocketFactory(fromIp));
            paho.connect(o).waitForCompletion(5000);
        }

        int suback(String filter, int qos) throws MqttException {
            var t = paho.subscribe(filter, qos);
            try {
                t.waitForCompletion(5000);
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                    return 128;
                }
                throw e;
            }
            return t.getGrantedQos()[0];
        }

        void publish(String topic, String payload) throws MqttException {
            paho.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(5000);
        }

        /** What arrived, waiting until nothing more comes for a moment. */
        List<String> drain() throws InterruptedException {
            List<String> got = new java.util.ArrayList<>();
            String m;
            while ((m = inbox.poll(500, TimeUnit.MILLISECONDS)) != null) {
                got.add(m);
            }
            return got;
        }

        @Override
        public void close() throws Exception {
            if (paho.isConnected()) {
                paho.disconnect().waitForCompletion(5000);
            }
            paho.close();
        }
    }

    /** Binds the client's socket to a given local address before Paho connects it. */
    private static final class BoundSocketFactory extends SocketFactory {
        private final String localIp;

        BoundSocketFactory(String localIp) {
            this.localIp = localIp;
        }

        @Override
        public Socket createSocket() throws IOException {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return createSocket(address, port);
        }
    }
}
