package io.osprey.plugin.kafka;


import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.osprey.testkit.TcpProxy;
import io.osprey.testkit.TestPki;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS towards Kafka: a broker of its own in this JVM, reachable only through a TLS endpoint with a certificate for
 * 127.0.0.1 and localhost (Kafka's test kit has no SSL listeners, so a {@link TcpProxy} on a TLS server socket
 * terminates TLS in front of it; the broker advertises that endpoint). With {@code ssl.cacertfile} naming the CA that
 * signed the certificate the bridge's records arrive; with another CA nothing is sent and the bridge's status says
 * why.
 */
class TlsIT extends SecuredKafkaTest {

    static KafkaClusterTestKit cluster;
    static TcpProxy tls;
    static String servers;

    @TempDir
    static Path pki;
    static TestPki.Identity server;
    static TestPki.Identity stranger;

    @BeforeAll
    static void startKafka() throws Exception {
        server = TestPki.selfSigned(pki, "kafka");
        stranger = TestPki.selfSigned(pki, "stranger");
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(server.p12())) {
            ks.load(in, TestPki.PASSWORD.toCharArray());
        }
        kmf.init(ks, TestPki.PASSWORD.toCharArray());
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        tls = new TcpProxy(ctx.getServerSocketFactory().createServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress()));
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        cluster = TestKafka.singleNode(nodes)
                .setConfigProp("advertised.listeners", nodes.brokerListenerName().value() + "://localhost:"
                        + tls.port())
                .build();
        cluster.format();
        cluster.startup();
        tls.target(new java.net.InetSocketAddress("127.0.0.1", TestKafka.brokerPort(cluster)));
        cluster.waitForReadyBrokers();
        servers = "localhost:" + tls.port();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (tls != null) {
            tls.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    Map<String, Object> kafkaClient() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", servers);
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", java.nio.file.Files.readString(server.certPem()));
        return p;
    }

    @Test
    @DisplayName("ssl = true with the CA that signed the broker's certificate: the records arrive")
    void rightCa_recordsArrive() throws Exception {
        assertRecordsArrive("ssl", "true", "ssl.cacertfile", server.certPem().toString());
    }

    @Test
    @DisplayName("ssl.cacertfile naming another CA: nothing is sent, and the bridge's status names the TLS failure")
    void wrongCa_nothingSent_statusSaysWhy() throws Exception {
        assertNothingSent("ssl", "ssl", "true", "ssl.cacertfile", stranger.certPem().toString());
    }
}
