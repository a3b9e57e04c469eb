package io.osprey.bench.mqtt;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.osprey.bench.cli.BenchOptions;

/**
 * How the generator reaches the broker: its I/O threads (epoll when the native library loads, else NIO) and the
 * pipeline below the MQTT handler, optionally with TLS and/or WebSocket framing.
 */
public final class Transport implements AutoCloseable {

    private static final int MAX_FRAME = 256 * 1024 * 1024;

    private final BenchOptions options;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final SslContext ssl;
    /**
     * One client context per simulated device when sessions are resumed. A TLS client keeps the sessions it may
     * resume per context and per host:port, one at a time, and a TLS 1.3 session ticket is good for one resumption
     * only: a single shared context would let one device in many resume. Real devices each keep their own.
     */
    private final Map<String, SslContext> deviceSsl = new ConcurrentHashMap<>();
    private final URI webSocketUri;
    private final LongAdder tlsHandshakes = new LongAdder();
    private final LongAdder tlsResumed = new LongAdder();

    public Transport(BenchOptions options) throws SSLException {
        this.options = options;
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(options.threads(), new DefaultThreadFactory("bench-io", true),
                factory);
        this.ssl = options.tls().enabled() ? sslContext(options.tls()) : null;
        this.webSocketUri = options.webSocket().enabled()
                ? URI.create((ssl != null ? "wss://" : "ws://") + hostForUri(options.host()) + ":" + options.port()
                + options.webSocket().path())
                : null;
    }

    private static SslContext sslContext(BenchOptions.Tls tls) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (tls.trustAll()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (tls.caFile() != null) {
            b.trustManager(tls.caFile().toFile());
        }
        if (tls.certFile() != null) {
            b.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
        }
        if (tls.version() != null) {
            b.protocols(tls.version());
        }
        return b.build();
    }

    private void countHandshake(boolean success, SslHandler tls) {
        if (!success) {
            return;
        }
        tlsHandshakes.increment();
        // OpenSSL tells whether the session was resumed; the JDK's engine has no such query
        if (tls.engine() instanceof ReferenceCountedOpenSslEngine e && SSL.isSessionReused(e.sslPointer())) {
            tlsResumed.increment();
        }
    }

    /** TLS handshakes completed so far: {@code [all, resumed]} (resumed is counted with OpenSSL only). */
    public long[] tlsHandshakes() {
        return new long[] {tlsHandshakes.sum(), tlsResumed.sum()};
    }

    private SslContext deviceContext(String device) {
        return deviceSsl.computeIfAbsent(device, d -> {
            try {
                return sslContext(options.tls());
            } catch (SSLException e) {
                throw new IllegalStateException("TLS client context: " + e.getMessage(), e);
            }
        });
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * Opens one connection; {@code mqtt} is the client's protocol handler, last in the pipeline, {@code device} names
     * the simulated device (its client id), whose TLS session a later connection of the same device resumes.
     */
    public ChannelFuture connect(ChannelHandler mqtt, String device) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            // with the peer's host and port the engine may resume a cached session; without,
                            // every handshake is a full one
                            SslHandler tls = options.tls().noResume() ? ssl.newHandler(ch.alloc())
                                    : deviceContext(device).newHandler(ch.alloc(), options.host(), options.port());
                            tls.handshakeFuture().addListener(done -> countHandshake(done.isSuccess(), tls));
                            p.addLast("tls", tls);
                        }
                        if (webSocketUri != null) {
                            p.addLast("http", new HttpClientCodec());
                            p.addLast("http-aggregator", new HttpObjectAggregator(65536));
                            p.addLast("ws", new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                    .webSocketUri(webSocketUri)
                                    .subprotocol("mqtt")
                                    .maxFramePayloadLength(MAX_FRAME)
                                    .handshakeTimeoutMillis(10_000)
                                    .build()));
                            p.addLast("ws-frames", new WebSocketFrames());
                        }
                        p.addLast("mqtt", mqtt);
                    }
                });
        return b.connect(options.host(), options.port());
    }

    /** {@code true} when the MQTT handler must wait for the WebSocket handshake before sending CONNECT. */
    public boolean webSocket() {
        return webSocketUri != null;
    }

    /** For the run header: {@code epoll, 2 I/O threads, TLS, WebSocket ws://…}. */
    public String describe() {
        return (epoll ? "epoll" : "nio") + ", " + options.threads() + " I/O threads"
                + (ssl != null ? ", TLS (" + (SslContext.defaultClientProvider() == SslProvider.OPENSSL ? "OpenSSL"
                : "JDK") + ")" + (options.tls().trustAll() ? " (trust all)" : "") : "")
                + (webSocketUri != null ? ", WebSocket " + webSocketUri : "");
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
