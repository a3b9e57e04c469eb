package io.osprey.plugin.mqttbridge.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.osprey.plugin.mqttbridge.config.ClientTls;
import io.osprey.testkit.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client TLS context: ALPN offered, SNI and host name check for server_name_indication, not the address. */
class TlsContextsTest {

    @TempDir
    Path dir;

    @Test
    void alpnAndServerName_areConfigured() throws Exception {
        TestPki.Identity id = TestPki.selfSigned(dir, "hub");
        ClientTls tls = new ClientTls(true, id.certPem(), null, null, null, true, "iot.example.com",
                List.of("x-amzn-mqtt-ca"), List.of("tlsv1.3", "tlsv1.2"), List.of());
        SslContext ctx = TlsContexts.build(tls);
        SslHandler h = TlsContexts.handler(ctx, tls, "127.0.0.1", 8883, ByteBufAllocator.DEFAULT);
        assertThat(ctx.applicationProtocolNegotiator().protocols()).containsExactly("x-amzn-mqtt-ca");
        assertThat(h.engine().getPeerHost()).isEqualTo("iot.example.com");
        assertThat(h.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void withoutServerName_theAddressHostIsUsed_disableSendsNone() throws Exception {
        ClientTls byAddress = new ClientTls(true, null, null, null, null, true, null, List.of(), List.of("tlsv1.2"),
                List.of());
        SslContext ctx = TlsContexts.build(byAddress);
        assertThat(TlsContexts.handler(ctx, byAddress, "mqtt.example.com", 8883, ByteBufAllocator.DEFAULT).engine()
                .getPeerHost()).isEqualTo("mqtt.example.com");
        ClientTls none = new ClientTls(true, null, null, null, null, false, "", List.of(), List.of("tlsv1.2"),
                List.of());
        assertThat(TlsContexts.handler(TlsContexts.build(none), none, "mqtt.example.com", 8883,
                ByteBufAllocator.DEFAULT).engine().getPeerHost()).isNull();
    }
}
