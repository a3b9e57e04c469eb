package io.osprey.broker.listener;

import java.net.BindException;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.osprey.broker.Broker;
import io.osprey.broker.channel.MqttConnection;
import io.osprey.broker.channel.ShutdownReason;
import io.osprey.broker.codec.MqttFrameDecoder;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound MQTT listener ({@code etc/osprey.listener-<name>.cfg}): the server socket and the pipeline each accepted
 * connection gets. Connections are tracked so that a listener can be closed with its clients.
 */
public final class MqttListener {

    private static final Logger LOG = LoggerFactory.getLogger(MqttListener.class);

    private final Broker broker;
    private final ListenerContext context;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;
    private final ConnectionRateLimiter connRate = new ConnectionRateLimiter();
    private final UntrustedProxyLog untrustedProxies = new UntrustedProxyLog();
    private volatile SslContext sslContext;

    public MqttListener(Broker broker, ListenerSettings settings) {
        this.broker = broker;
        this.context = new ListenerContext(settings);
    }

    public ListenerContext context() {
        return context;
    }

    public ListenerSettings settings() {
        return context.settings();
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int boundPort() {
        return serverChannel == null ? -1 : ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean isRunning() {
        return serverChannel != null && serverChannel.isActive();
    }

    public int connectionCount() {
        return context.stats().current();
    }

    /**
     * Binds the listener.
     *
     * @throws ListenerException naming the listener and bind, e.g. "address already in use"
     */
    public synchronized void start() throws ListenerException {
        ListenerSettings s = context.settings();
        sslContext = s.isTls() ? TlsContextFactory.build(s) : null;
        IoLoops loops = broker.loops();
        ServerBootstrap b = new ServerBootstrap()
                .group(loops.acceptors(), loops.workers())
                .channel(loops.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, s.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, s.tcpNoDelay())
                .childOption(ChannelOption.SO_KEEPALIVE, s.tcpKeepAlive())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch);
                    }
                });
        if (s.sndbuf() > 0) {
            b.childOption(ChannelOption.SO_SNDBUF, s.sndbuf());
        }
        if (s.recbuf() > 0) {
            b.childOption(ChannelOption.SO_RCVBUF, s.recbuf());
        }
        ChannelFuture f = b.bind(s.bind()).awaitUninterruptibly();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            String why = cause instanceof BindException || (cause != null && String.valueOf(cause.getMessage())
                    .toLowerCase().contains("address already in use")) ? "address already in use"
                    : String.valueOf(cause);
            throw new ListenerException("Failed to start mqtt:" + s.name() + " listener on " + s.bindText() + ": "
                    + why, cause);
        }
        serverChannel = f.channel();
    }

    private void initConnection(SocketChannel ch) {
        ListenerSettings s = context.settings();
        int count = context.stats().opened();
        connections.add(ch);
        if (count > s.maxConnections()) {
            refuse(ch, ShutdownReason.MAX_CONNECTIONS, "max_connections " + s.maxConnections() + " reached");
            return;
        }
        if (!connRate.tryAcquire(s.maxConnRate())) {
            refuse(ch, ShutdownReason.RATE_LIMITED, "max_conn_rate " + s.maxConnRate() + "/s exceeded");
            return;
        }
        if (s.proxyProtocol() && !AddressRange.anyContains(s.proxyProtocolTrusted(),
                ch.remoteAddress().getAddress())) {
            // anyone can write a PROXY header: only the load balancers' headers are believed
            untrustedProxies.refused(context.name(), ch.remoteAddress());
            refuse(ch, ShutdownReason.PROXY_UNTRUSTED, "PROXY header from an address not in proxy_protocol_trusted");
            return;
        }
        if (!s.proxyProtocol() && !s.access().isEmpty() && !s.access().allows(ch.remoteAddress().getAddress())) {
            refuse(ch, ShutdownReason.ACCESS_DENIED, "denied by the access rules");
            return;
        }
        BrokerSettings bs = broker.settings();
        ChannelPipeline p = ch.pipeline();
        if (s.proxyProtocol()) {
            p.addLast("proxy-decoder", new HAProxyMessageDecoder());
            p.addLast("proxy", new ProxyHeaderHandler(s.proxyProtocolTimeout().toMillis(), s.access(),
                    context.stats()));
        }
        if (s.rateLimit() > 0) {
            p.addLast("rate-limit", new ByteRateLimiter(s.rateLimit(), s.rateBurst()));
        }
        if (sslContext != null) {
            SslHandler tls = sslContext.newHandler(ch.alloc());
            tls.setHandshakeTimeoutMillis(s.tls().handshakeTimeout().toMillis());
            p.addLast("tls", tls);
        }
        if (s.isWebSocket()) {
            p.addLast("http", new HttpServerCodec());
            p.addLast("http-aggregator", new HttpObjectAggregator(65536));
            p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(s.wsPath()).subprotocols("mqtt,mqttv3.1,mqttv3.1.1,mqttv5")
                    .maxFramePayloadLength(s.wsMaxFrameSize()).allowExtensions(false).checkStartsWith(false)
                    .handshakeTimeoutMillis(bs.idleTimeout().toMillis() > 0 ? bs.idleTimeout().toMillis() : 15000)
                    .build()));
            p.addLast("websocket-frames", WebSocketFrames.INSTANCE);
        }
        p.addLast("bytes", broker.byteCounter());
        p.addLast("decoder", new MqttFrameDecoder(bs.maxPacketSize(), bs.maxClientIdLength()));
        p.addLast("encoder", MqttEncoder.INSTANCE);
        p.addLast("mqtt", new MqttConnection(broker, context));
    }

    /** Closes a connection before anything is read from it, counting why. */
    private void refuse(SocketChannel ch, ShutdownReason reason, String why) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Listener {} refused a connection from {}: {}", context.name(), ch.remoteAddress(), why);
        }
        ch.closeFuture().addListener(x -> context.stats().closed(reason.label()));
        ch.close();
    }

    /** Applies new settings: a changed bind rebinds; the rest applies to new connections. */
    public synchronized void update(ListenerSettings s) throws ListenerException {
        ListenerSettings old = context.settings();
        SslContext tls = s.isTls() ? TlsContextFactory.build(s) : null; // fails before anything changes
        context.update(s);
        if (!old.bind().equals(s.bind()) || old.backlog() != s.backlog() || !old.type().equals(s.type())) {
            closeServerSocket();
            start();
        } else {
            sslContext = tls;
        }
    }

    /** The TLS engine in use: {@code openssl}, {@code jdk}, or {@code none}. */
    public String tlsProvider() {
        // from the settings, not the context's class: reuse_sessions = off wraps the engine's context in another
        return sslContext == null ? "none"
                : TlsContextFactory.provider(context.settings().tls()) == SslProvider.OPENSSL
                ? "openssl" : "jdk";
    }

    /** Stops accepting; with {@code closeClients} also disconnects the clients of this listener. */
    public synchronized void stop(boolean closeClients) {
        closeServerSocket();
        if (closeClients) {
            for (Channel ch : connections) {
                MqttConnection c = ch.pipeline().get(MqttConnection.class);
                if (c != null) {
                    ch.eventLoop().execute(() -> c.close(ShutdownReason.SHUTDOWN, 0x8B, "listener stopped"));
                } else {
                    ch.close();
                }
            }
        }
    }

    private void closeServerSocket() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
    }

    /** Open connections of this listener. */
    public ChannelGroup connections() {
        return connections;
    }
}
