package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The assembled node as an admin and a device see it: start, serve, ctl, reconfigure, stop. */
class NodeLifecycleIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("lifecycle").start();
        long toRunning = System.currentTimeMillis() - node.startMillis;
        Thread.sleep(1000);
        System.out.printf("[measure] bin/osprey console -> 'running now': %d ms; idle RSS %d MB%n", toRunning,
                node.rssKb() / 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void console_printsOneLinePerListener_thenRunningNow() {
        assertThat(node.output()).anyMatch(l -> l.contains("Start mqtt:tcp listener on 127.0.0.1:" + node.mqttPort
                + " successfully."));
        assertThat(node.output()).anyMatch(l -> l.contains("Start mqtt:internal listener on 127.0.0.1:"
                + node.internalPort + " successfully."));
        assertThat(node.output()).anyMatch(l -> l.matches("Osprey .* is running now!"));
    }

    @Test
    void sslWsAndWss_listenersServeRealClients() throws Exception {
        assertThat(node.output()).anyMatch(l -> l.contains("Start mqtt:ssl listener on 127.0.0.1:" + node.sslPort));
        java.security.cert.Certificate ca = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(java.nio.file.Files.newInputStream(node.home().resolve("etc/certs/cacert.pem")));
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        for (String uri : List.of("ssl://127.0.0.1:" + node.sslPort, "ws://127.0.0.1:" + node.wsPort + "/mqtt",
                "wss://127.0.0.1:" + node.wssPort + "/mqtt")) {
            org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            if (!uri.startsWith("ws:")) {
                o.setSocketFactory(tls.getSocketFactory());
            }
            o.setHttpsHostnameVerificationEnabled(false);
            var c = new org.eclipse.paho.client.mqttv3.MqttClient(uri, "t-" + uri.hashCode(),
                    new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            c.connect(o);
            java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
            c.subscribe("transport/t", 1, (t, m) -> got.add(new String(m.getPayload())));
            c.publish("transport/t", uri.getBytes(), 1, false);
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(uri);
            c.disconnect();
            c.close();
        }
        // the TLS listener runs on OpenSSL (netty-tcnative) inside OSGi when it loads
        assertThat(node.ctl("listeners").out()).contains("mqtt:ssl").contains("tls=openssl");
    }

    @Test
    void nativeCode_isLoadedFromSystemNative_notCopiedIntoTmp() throws Exception {
        // OpenSSL (the ssl listener) and epoll (every listener) are in use once the node runs
        List<String> natives = Files.readAllLines(Path.of("/proc", Long.toString(node.pid()), "maps")).stream()
                .filter(l -> l.contains("libnetty_")).map(l -> l.substring(l.indexOf('/'))).distinct().toList();
        Path dir = node.home().resolve("system/native").toRealPath();
        assertThat(natives).containsExactlyInAnyOrder(dir.resolve("libnetty_tcnative_linux_x86_64.so").toString(),
                dir.resolve("libnetty_transport_native_epoll_x86_64.so").toString());
    }

    @Test
    void publishSubscribe_roundTripsOverTcp() throws Exception {
        try (var sub = Mqtt.connect(node.mqttUri(), "rt-sub"); var pub = Mqtt.connect(node.mqttUri(), "rt-pub")) {
            sub.paho.subscribe("roundtrip/#", 1);
            pub.publish("roundtrip/1", "ping", 1);
            assertThat(sub.next(5)).isEqualTo("ping");
        }
    }

    @Test
    void ctl_statusBrokerListenersAndClients() throws Exception {
        NodeProcess.Ctl status = node.ctl("status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("is running");
        NodeProcess.Ctl listeners = node.ctl("listeners");
        assertThat(listeners.out()).contains("mqtt:tcp").contains("127.0.0.1:" + node.mqttPort);
        try (var c = Mqtt.connect(node.mqttUri(), "listed-client")) {
            NodeProcess.Ctl clients = node.ctl("clients", "list");
            assertThat(clients.out()).contains("listed-client");
            NodeProcess.Ctl json = node.ctl("clients", "show", "listed-client", "--json");
            assertThat(json.out()).contains("\"clientid\" : \"listed-client\"");
        }
        NodeProcess.Ctl unknown = node.ctl("clients", "show", "nobody");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).contains("not connected");
    }

    @Test
    void ctlKick_disconnectsTheClient_withReason0x98ForMqtt5() throws Exception {
        try (var v5 = Mqtt.connect5(node.mqttUri(), "kick-me")) {
            NodeProcess.Ctl kick = node.ctl("clients", "kick", "kick-me");
            assertThat(kick.exit()).isZero();
            assertThat(v5.disconnectReason.get(10, TimeUnit.SECONDS)).isEqualTo(0x98);
        }
        NodeProcess.Ctl listeners = node.ctl("listeners");
        assertThat(listeners.out()).contains("kicked=1");
    }

    @Test
    void listenerFile_addedEditedAndRemoved_atRuntime() throws Exception {
        Path file = node.home().resolve("etc/osprey.listener-extra.cfg");
        int port1 = NodeProcess.freePort();
        Files.writeString(file, "bind = 127.0.0.1:" + port1 + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> canConnect("tcp://127.0.0.1:" + port1));
        int port2 = NodeProcess.freePort();
        Files.writeString(file, "bind = 127.0.0.1:" + port2 + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> canConnect("tcp://127.0.0.1:" + port2));
        assertThat(canConnect("tcp://127.0.0.1:" + port1)).isFalse();
        Files.delete(file);
        await().atMost(Duration.ofSeconds(10)).until(() -> !canConnect("tcp://127.0.0.1:" + port2));
    }

    @Test
    void badValueInConfigFile_isReportedWithFileLineAndKey_andOldValueStays() throws Exception {
        Path file = node.home().resolve("etc/osprey.listener-bad.cfg");
        int port = NodeProcess.freePort();
        Files.writeString(file, "bind = 127.0.0.1:" + port + "\nmax_connections = 10\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> canConnect("tcp://127.0.0.1:" + port));
        Files.writeString(file, "bind = 127.0.0.1:" + port + "\nmax_connections = lots\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> node.output().stream().anyMatch(l ->
                l.contains("osprey.listener-bad.cfg:2: max_connections = \"lots\": expected an integer")));
        assertThat(node.output()).anyMatch(l -> l.contains("keeping the previous configuration"));
        assertThat(canConnect("tcp://127.0.0.1:" + port)).isTrue();
        Files.delete(file);
    }

    @Test
    void placeholderInConfigFile_isKeptLiterally_andAppliedLive() throws Exception {
        Path file = node.home().resolve("etc/osprey.broker.cfg");
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("response_information =",
                    "response_information = replies/${clientid}/"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var c = new org.eclipse.paho.mqttv5.client.MqttClient(node.mqttUri(), "rr-1",
                        new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
                var o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
                o.setRequestResponseInfo(true);
                try {
                    var token = c.connectWithResult(o);
                    String info = token.getResponseProperties() == null ? null
                            : token.getResponseProperties().getResponseInfo();
                    c.disconnect();
                    return "replies/rr-1/".equals(info);
                } finally {
                    c.close();
                }
            });
        } finally {
            Files.writeString(file, original);
        }
    }

    private static boolean canConnect(String uri) {
        try (var c = Mqtt.connect(uri, "probe-" + System.nanoTime())) {
            return c.paho.isConnected();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void portInUse_isReportedInOneLine_andTheNodeExitsNonZero() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             NodeProcess other = NodeProcess.copy("port-in-use")) {
            other.env().put("OSPREY_LISTENER_TCP__BIND", "127.0.0.1:" + taken.getLocalPort());
            int exit = other.startExpectingFailure();
            assertThat(exit).isNotZero();
            assertThat(other.output()).anyMatch(l -> l.contains("Failed to start mqtt:tcp listener on 127.0.0.1:"
                    + taken.getLocalPort() + ": address already in use"));
        }
    }
}
