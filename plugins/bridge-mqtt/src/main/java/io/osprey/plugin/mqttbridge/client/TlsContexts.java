package io.osprey.plugin.mqttbridge.client;

import javax.net.ssl.SSLException;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.osprey.plugin.mqttbridge.config.ClientTls;

/**
 * Netty's client {@link SslContext} for a bridge (the same TLS engine the listeners use: OpenSSL when it loads, else
 * the JDK): the CA file, the client certificate and key (PEM), host name verification ({@code verify_peer}), the
 * protocol versions and ciphers, and ALPN. SNI is the name each handler is made for.
 */
final class TlsContexts {

    private TlsContexts() {
    }

    static SslContext build(ClientTls tls) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (!tls.verify()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            b.endpointIdentificationAlgorithm(null);
        } else {
            if (tls.cacertfile() != null) {
                b.trustManager(tls.cacertfile().toFile());
            }
            b.endpointIdentificationAlgorithm("HTTPS");
        }
        if (tls.certfile() != null && tls.keyfile() != null) {
            b.keyManager(tls.certfile().toFile(), tls.keyfile().toFile(), tls.keyPassword());
        }
        b.protocols(tls.jdkVersions());
        if (!tls.ciphers().isEmpty()) {
            b.ciphers(tls.ciphers());
        }
        if (!tls.alpn().isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, tls.alpn()));
        }
        return b.build();
    }

    /**
     * A handler for one connection: SNI carries {@code server_name_indication}, or the host of {@code address}
     * when it is a name (an IP address is never sent as SNI), and the certificate is checked against that name.
     */
    static SslHandler handler(SslContext ctx, ClientTls tls, String host, int port, ByteBufAllocator alloc) {
        String name = tls.serverName() == null ? host : tls.serverName();
        if (name.isEmpty()) {
            return ctx.newHandler(alloc);
        }
        return ctx.newHandler(alloc, name, port);
    }
}
