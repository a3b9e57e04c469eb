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
import io.netty.handler.codec.mqtt.MqttEncoder;
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
        IoLoops loops = broker.loops();
        ServerBootstrap b = new ServerBootstrap()
                .group(loops.acceptors(), loops.workers())
                .channel(loops.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, s.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, s.tcpNoDelay())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch);
                    }
                });
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
            LOG.warn("Listener {} refused a connection from {}: max_connections {} reached", s.name(),
                    ch.remoteAddress(), s.maxConnections());
            ch.closeFuture().addListener(x -> context.stats().closed("max_connections"));
            ch.close();
            return;
        }
        BrokerSettings bs = broker.settings();
        ChannelPipeline p = ch.pipeline();
        p.addLast("bytes", broker.byteCounter());
        p.addLast("decoder", new MqttFrameDecoder(bs.maxPacketSize(), bs.maxClientIdLength()));
        p.addLast("encoder", MqttEncoder.INSTANCE);
        p.addLast("mqtt", new MqttConnection(broker, context));
    }

    /** Applies new settings: a changed bind rebinds; the rest applies to new connections. */
    public synchronized void update(ListenerSettings s) throws ListenerException {
        ListenerSettings old = context.settings();
        context.update(s);
        if (!old.bind().equals(s.bind()) || old.backlog() != s.backlog()) {
            closeServerSocket();
            start();
        }
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
