package io.osprey.broker.listener;

import javax.net.ssl.SSLEngine;

import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;

/**
 * {@code reuse_sessions = off}: every connection makes a full handshake, TLS 1.3 included. A small session cache is
 * not enough for that: TLS 1.3 resumes from session tickets, which both engines hand out by default. Here OpenSSL
 * gets {@code SSL_OP_NO_TICKET} on every connection and no server-side cache, and every session is invalidated once
 * its handshake is done, so that neither engine finds it again (the JDK engine's stateless tickets are switched off
 * when its context is built, see {@link TlsContextFactory}).
 */
final class NoResumptionSslContext extends DelegatingSslContext {

    NoResumptionSslContext(SslContext delegate) {
        super(delegate);
        if (delegate.sessionContext() instanceof OpenSslSessionContext openSsl) {
            openSsl.setSessionCacheEnabled(false);
        }
    }

    @Override
    protected void initEngine(SSLEngine engine) {
        noTickets(engine);
    }

    @Override
    protected void initHandler(SslHandler handler) {
        // newHandler() creates its engine through the delegate, so initEngine() has not seen this one
        noTickets(handler.engine());
        handler.handshakeFuture().addListener(done -> {
            if (done.isSuccess()) {
                handler.engine().getSession().invalidate();
            }
        });
    }

    private static void noTickets(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            SSL.setOptions(openSsl.sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
    }
}
