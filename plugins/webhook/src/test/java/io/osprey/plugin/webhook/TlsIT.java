package io.osprey.plugin.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.osprey.testkit.TestClients;
import io.osprey.testkit.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS endpoints that require a client certificate: the {@code ssl.} keys (CA file, client certificate and key as
 * PEM or PKCS#12, verify). Key material is made for the run ({@link TestPki}): a server certificate for 127.0.0.1
 * and a client certificate for TLS client authentication, both self-signed.
 */
class TlsIT {

    static final String PASSWORD = TestPki.PASSWORD;

    @TempDir
    static Path pki;
    @TempDir
    Path home;
    private Receiver receiver;
    private WebhookNode node;
    private TestClients clients;

    @BeforeAll
    static void makeKeys() throws Exception {
        TestPki.selfSigned(pki, "server"); // server.p12, server.pem
        TestPki.selfSigned(pki, "client"); // client.p12, client.pem, client-key.pem
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

    /** An HTTPS receiver with the server key that trusts only the client certificate, and requires it. */
    private void startReceiver() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load("server.p12"), PASSWORD.toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("client", load("client.p12").getCertificate("client"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        receiver = Receiver.https(ctx, true);
    }

    @Test
    @DisplayName("mutual TLS with PEM files: the server is verified against ssl.cacertfile and events arrive")
    void mutualTls_withPemFiles_eventsArrive() throws Exception {
        startReceiver();
        node = new WebhookNode(home, receiver.url(), "ssl.cacertfile", pki.resolve("server.pem").toString(),
                "ssl.certfile", pki.resolve("client.pem").toString(),
                "ssl.keyfile", pki.resolve("client-key.pem").toString());
        clients = new TestClients(node.uri());
        clients.v3("secure");
        assertThat(receiver.next(Receiver.action("client_connected"), 5).get("clientid").asText())
                .isEqualTo("secure");
    }

    @Test
    @DisplayName("a server the JVM's CAs do not trust gets nothing; reloaded with verify off and a PKCS#12 key, it does")
    void untrustedServer_getsNothing_untilReloadedWithVerifyOff() throws Exception {
        startReceiver();
        node = new WebhookNode(home, receiver.url(), "ssl.certfile", pki.resolve("client.pem").toString(),
                "ssl.keyfile", pki.resolve("client-key.pem").toString(), "max_retries", "1000");
        clients = new TestClients(node.uri());
        clients.v3("doubted");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.webhook.counters().retried() > 0);
        assertThat(receiver.bodies).isEmpty();
        assertThat(node.webhook.counters().sent()).isZero();

        node.reconfigure("ssl.verify", "false", "ssl.certfile", null,
                "ssl.keyfile", pki.resolve("client.p12").toString(), "ssl.password", PASSWORD);
        assertThat(receiver.next(Receiver.action("client_connected"), 5).get("clientid").asText())
                .isEqualTo("doubted");
        assertThat(node.webhook.delivery().awaitIdle(5, TimeUnit.SECONDS)).isTrue();
    }

    private static KeyStore load(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve(name))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
