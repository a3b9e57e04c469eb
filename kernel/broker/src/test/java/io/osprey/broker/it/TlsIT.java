package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.osprey.broker.it.wire.P;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.session.Outlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS listeners: PEM and PKCS#12 keys, both engines, session resumption, client certificates. */
class TlsIT {

    static TestBroker broker;
    static final Path CERTS = Path.of("src/test/resources/certs").toAbsolutePath();

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(CERTS.resolve(file))) {
            ks.load(in, "osprey".toCharArray());
        }
        return ks;
    }

    /** A client context trusting the test CA, optionally presenting a client certificate. */
    static SSLContext clientContext(String clientKeystore) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load("truststore.p12"));
        KeyManagerFactory kmf = null;
        if (clientKeystore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(clientKeystore), "osprey".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Opens TLS, sends CONNECT, expects CONNACK 0; returns the socket. */
    static SSLSocket connect(SSLContext ctx, int port, String protocol, String clientId) throws Exception {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setEnabledProtocols(new String[] {protocol});
        s.setSoTimeout(5000);
        s.startHandshake();
        s.getOutputStream().write(P.connect(4).clientId(clientId).bytes());
        byte[] ack = s.getInputStream().readNBytes(4);
        assertThat(P.hex(ack)).isEqualTo(P.hex(P.connack(false, 0)));
        return s;
    }

    @ParameterizedTest(name = "ssl_provider = {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    @DisplayName("TLS 1.3 and 1.2 with PEM key material, on both engines")
    void pemKeys_bothVersions(String provider) throws Exception {
        MqttListener l = broker.listen("ssl-" + provider, "type", "ssl", "keyfile", "certs/key.pem", "certfile",
                "certs/cert.pem", "ssl_provider", provider);
        assertThat(l.tlsProvider()).isEqualTo(provider);
        SSLContext ctx = clientContext(null);
        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (SSLSocket s = connect(ctx, l.boundPort(), version, "tls-" + provider + version)) {
                assertThat(s.getSession().getProtocol()).isEqualTo(version);
                s.getOutputStream().write(P.pingreq());
                assertThat(P.hex(s.getInputStream().readNBytes(2))).isEqualTo(P.hex(P.pingresp()));
            }
        }
    }

    @Test
    @DisplayName("a PKCS#12 keystore as key material")
    void pkcs12Keystore() throws Exception {
        MqttListener l = broker.listen("ssl-p12", "type", "ssl", "keyfile", "certs/server.p12", "password", "osprey");
        try (SSLSocket s = connect(clientContext(null), l.boundPort(), "TLSv1.3", "p12")) {
            assertThat(s.getSession().isValid()).isTrue();
        }
    }

    @ParameterizedTest(name = "ssl_provider = {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    @DisplayName("reuse_sessions = on: a reconnecting client resumes its TLS session (no full handshake)")
    void sessionResumption(String provider) throws Exception {
        MqttListener l = broker.listen("ssl-resume-" + provider, "type", "ssl", "keyfile", "certs/key.pem",
                "certfile", "certs/cert.pem", "ssl_provider", provider, "reuse_sessions", "on");
        SSLContext ctx = clientContext(null);
        byte[] firstId;
        long firstCreated;
        try (SSLSocket s = connect(ctx, l.boundPort(), "TLSv1.2", "resume-1")) {
            firstId = s.getSession().getId();
            firstCreated = s.getSession().getCreationTime();
        }
        try (SSLSocket s = connect(ctx, l.boundPort(), "TLSv1.2", "resume-2")) {
            assertThat(s.getSession().getId()).as("same session id: resumed").isEqualTo(firstId);
            assertThat(s.getSession().getCreationTime()).isEqualTo(firstCreated);
        }
    }

    @ParameterizedTest(name = "ssl_provider = {0}, {1}")
    @CsvSource({"jdk, -tls1_3", "openssl, -tls1_3", "jdk, -tls1_2", "openssl, -tls1_2"})
    @DisplayName("reuse_sessions = on: OpenSSL's own client (s_client) resumes its session, TLS 1.3 tickets included")
    void sessionResumption_opensslClient(String provider, String version, @TempDir Path dir) throws Exception {
        MqttListener on = broker.listen("ssl-resume-on-" + provider + version, "type", "ssl", "keyfile",
                "certs/key.pem", "certfile", "certs/cert.pem", "ssl_provider", provider, "reuse_sessions", "on");
        Path session = dir.resolve("session.pem");
        assertThat(sClient(on.boundPort(), version, "-sess_out", session, "sc-1")).startsWith("New, ");
        assertThat(Files.size(session)).as("s_client saved the session it was given").isPositive();
        assertThat(sClient(on.boundPort(), version, "-sess_in", session, "sc-2")).startsWith("Reused, ");
        io.osprey.broker.listener.ListenerStats stats = on.context().stats();
        assertThat(stats.tlsHandshakes()).isEqualTo(2);
        if (provider.equals("openssl")) {
            assertThat(stats.tlsResumed()).as("the listener counted the resumed handshake").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "ssl_provider = {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    @DisplayName("reuse_sessions = off: a reconnecting client gets a full handshake")
    void noSessionResumption_whenOff(String provider, @TempDir Path dir) throws Exception {
        MqttListener off = broker.listen("ssl-resume-off-" + provider, "type", "ssl", "keyfile", "certs/key.pem",
                "certfile", "certs/cert.pem", "ssl_provider", provider, "reuse_sessions", "off");
        assertThat(off.tlsProvider()).as("the engine, whatever wraps its context").isEqualTo(provider);
        for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
            Path session = dir.resolve("session" + version + ".pem");
            assertThat(sClient(off.boundPort(), version, "-sess_out", session, "off-1" + version)).startsWith("New, ");
            // with OpenSSL the client gets neither a ticket nor a cached session id, so s_client has no session to
            // save; when a client did get something, offering it must not resume
            if (Files.exists(session)) {
                assertThat(sClient(off.boundPort(), version, "-sess_in", session, "off-2" + version))
                        .startsWith("New, ");
            } else {
                assertThat(provider).as("only OpenSSL hands out nothing at all").isEqualTo("openssl");
            }
        }
        assertThat(off.context().stats().tlsResumed()).isZero();
    }

    /**
     * Connects with {@code openssl s_client}, sends CONNECT, waits for CONNACK 0 (by then a TLS 1.3 server has sent
     * its session tickets), disconnects, and returns s_client's session line: {@code New, TLSv1.3, Cipher is …} or
     * {@code Reused, …}.
     */
    static String sClient(int port, String version, String sessionOption, Path sessionFile, String clientId)
            throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, version,
                "-CAfile", CERTS.resolve("cacert.pem").toString(), sessionOption, sessionFile.toString())
                .redirectErrorStream(true).start();
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(new java.io.OutputStream() {
                        @Override
                        public void write(int b) {
                            synchronized (out) {
                                out.write(b);
                            }
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            synchronized (out) {
                                out.write(b, off, len);
                            }
                        }
                    });
                } catch (java.io.IOException e) {
                    // process ended
                }
            });
            reader.start();
            p.getOutputStream().write(P.connect(4).clientId(clientId).bytes());
            p.getOutputStream().flush();
            byte[] connack = P.connack(false, 0);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                synchronized (out) {
                    if (indexOf(out.toByteArray(), connack) >= 0) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("no CONNACK through s_client:\n"
                                + out.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                }
                Thread.sleep(10);
            }
            p.getOutputStream().close(); // end of input: s_client closes the connection and exits
            assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            String text;
            synchronized (out) {
                text = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            return text.lines().filter(l -> l.startsWith("New, ") || l.startsWith("Reused, ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no session line from s_client:\n" + text));
        } finally {
            p.destroyForcibly();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    @DisplayName("verify_peer + fail_if_no_peer_cert: no or untrusted client certificate fails the handshake")
    void clientCertificateRequired() throws Exception {
        MqttListener l = broker.listen("ssl-mtls", "type", "ssl", "keyfile", "certs/key.pem", "certfile",
                "certs/cert.pem", "cacertfile", "certs/cacert.pem", "verify", "verify_peer",
                "fail_if_no_peer_cert", "true", "ssl_provider", "jdk");
        assertThatThrownBy(() -> connect(clientContext(null), l.boundPort(), "TLSv1.2", "no-cert").close())
                .isInstanceOf(java.io.IOException.class);
        try (SSLSocket s = connect(clientContext("client.p12"), l.boundPort(), "TLSv1.3", "with-cert")) {
            assertThat(s.getSession().getLocalCertificates()).isNotEmpty();
        }
        org.awaitility.Awaitility.await().until(() -> l.context().stats().shutdownCounts()
                .getOrDefault("tls_error", 0L) >= 1);
    }

    @Test
    @DisplayName("peer_cert_as_username = cn and peer_cert_as_clientid = cn take them from the certificate")
    void peerCertAsUsernameAndClientId() throws Exception {
        MqttListener l = broker.listen("ssl-cn", "type", "ssl", "keyfile", "certs/key.pem", "certfile",
                "certs/cert.pem", "cacertfile", "certs/cacert.pem", "verify", "verify_peer",
                "peer_cert_as_username", "dn", "peer_cert_as_clientid", "cn");
        try (Socket s = connect(clientContext("client.p12"), l.boundPort(), "TLSv1.3", "ignored-id")) {
            Outlet o = broker.broker().sessions().connectionOf("device-1");
            assertThat(o).as("client id from the certificate's CN").isNotNull();
            assertThat(o.client().username()).isEqualTo("CN=device-1,OU=fleet,O=Osprey");
            assertThat(o.client().peerCertCommonName()).isEqualTo("device-1");
        }
    }

    @Test
    @DisplayName("a plain-text client on a TLS listener is counted as tls_error and does not disturb others")
    void plainTextOnTlsListener_isTlsError() throws Exception {
        MqttListener l = broker.listen("ssl-plain", "type", "ssl", "keyfile", "certs/key.pem", "certfile",
                "certs/cert.pem");
        try (io.osprey.broker.it.wire.Raw r = io.osprey.broker.it.wire.Raw.open(l.boundPort())) {
            r.send(P.connect(4).clientId("plain").bytes());
            r.expectClosed();
        }
        org.awaitility.Awaitility.await().until(() -> l.context().stats().shutdownCounts()
                .getOrDefault("tls_error", 0L) == 1);
    }
}
