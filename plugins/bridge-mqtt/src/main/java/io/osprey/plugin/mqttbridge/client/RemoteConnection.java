package io.osprey.plugin.mqttbridge.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.osprey.bridge.core.send.Sink;
import io.osprey.bridge.core.stats.LinkStatus;
import io.osprey.plugin.mqttbridge.config.ConnectSettings;
import io.osprey.plugin.mqttbridge.record.MqttRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's MQTT client connection to the remote broker, on Netty and netty-codec-mqtt (MQTT 3.1, 3.1.1 and 5):
 * connects (TLS with SNI and ALPN when configured), subscribes, and reconnects every {@code reconnect_interval} when
 * the connection fails or is lost. It is "up" once the CONNACK accepted it and every SUBACK came back.
 * <p>
 * Messages to publish come from the bridge core's sender threads: they are queued and written by the connection's
 * own event loop in batches with one flush each; their acknowledgements are tracked by {@link ClientSession}. When
 * the connection goes down, every message not acknowledged is reported "send again" at once.
 */
public final class RemoteConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteConnection.class);

    private final String name;
    private final ConnectSettings settings;
    private final Inbound inbound;
    private final LinkStatus status;
    private final EventLoopGroup group;
    private final SslContext ssl;
    private final Queue<Outgoing> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile ClientSession session;
    private volatile boolean closed;
    private ScheduledFuture<?> reconnect;
    private boolean failing;

    /** A message waiting for the event loop. */
    record Outgoing(MqttRecord record, Sink.Outcome done) {
    }

    public RemoteConnection(String name, ConnectSettings settings, Inbound inbound, LinkStatus status) {
        this.name = name;
        this.settings = settings;
        this.inbound = inbound;
        this.status = status;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("osprey-bridge-mqtt-" + name, true),
                NioIoHandler.newFactory());
        SslContext ctx = null;
        if (settings.tls().enabled()) {
            try {
                ctx = TlsContexts.build(settings.tls());
            } catch (SSLException | RuntimeException e) {
                status.error("the TLS settings cannot be used: " + e.getMessage());
                LOG.error("MQTT bridge {}: the TLS settings cannot be used: {}", name, e.toString());
            }
        }
        this.ssl = ctx;
    }

    public void start() {
        group.execute(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        if (settings.tls().enabled() && ssl == null) {
            return; // reported at construction; an edit of the file makes a new connection
        }
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast("tls", TlsContexts.handler(ssl, settings.tls(), settings.host(),
                                    settings.port(), ch.alloc()));
                        }
                        p.addLast("decoder", new MqttDecoder(settings.maxPacketSize()));
                        if (settings.bridgeMode() && settings.protocolLevel() < 5) {
                            p.addLast("bridge-bit", new BridgeBit());
                        }
                        p.addLast("encoder", MqttEncoder.INSTANCE);
                        int keepAlive = (int) settings.keepAlive().toSeconds();
                        if (keepAlive > 0) {
                            p.addLast("idle", new IdleStateHandler(keepAlive * 3 / 2, keepAlive, 0));
                        }
                        p.addLast("session", new ClientSession(name, settings, inbound, RemoteConnection.this));
                    }
                });
        ChannelFuture f = b.connect(settings.host(), settings.port());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                failed("cannot connect to " + settings.address() + ": " + done.cause().getMessage());
            }
        });
    }

    /** The session is up: CONNACK accepted, subscriptions granted. */
    void up(ClientSession s) {
        session = s;
        if (failing) {
            LOG.info("MQTT bridge {}: connected to {} again", name, settings.address());
        } else {
            LOG.info("MQTT bridge {}: connected to {} (MQTT {}{}), {} subscriptions", name, settings.address(),
                    level(), settings.tls().enabled() ? ", TLS" : "", settings.subscriptions().size());
        }
        failing = false;
        scheduleDrain();
    }

    /** The connection failed or went down: report once, and try again after {@code reconnect_interval}. */
    void failed(String why) {
        session = null;
        status.error(why);
        if (!failing && !closed) {
            LOG.warn("MQTT bridge {}: {}; reconnecting every {} s while messages wait in the buffer", name, why,
                    settings.reconnectInterval().toSeconds());
        }
        failing = true;
        failQueued(why);
        if (!closed && (reconnect == null || reconnect.isDone())) {
            reconnect = group.schedule(this::connect, settings.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private String level() {
        return switch (settings.protocolLevel()) {
            case 3 -> "3.1";
            case 4 -> "3.1.1";
            default -> "5";
        };
    }

    /** Can messages be sent now? */
    public boolean ready() {
        ClientSession s = session;
        return s != null && s.writable();
    }

    /** Queues one message for the event loop; never blocks. */
    public void publish(MqttRecord r, Sink.Outcome done) {
        if (session == null) {
            done.retry("not connected to " + settings.address());
            return;
        }
        outgoing.add(new Outgoing(r, done));
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            group.execute(this::drain);
        }
    }

    /** Event loop: writes what was queued, with one flush. */
    private void drain() {
        drainScheduled.set(false);
        ClientSession s = session;
        if (s == null) {
            failQueued("not connected to " + settings.address());
            return;
        }
        List<Outgoing> batch = new ArrayList<>();
        Outgoing o;
        while ((o = outgoing.poll()) != null) {
            batch.add(o);
        }
        s.send(batch);
    }

    private void failQueued(String why) {
        Outgoing o;
        while ((o = outgoing.poll()) != null) {
            o.done().retry(why);
        }
    }

    public int connectionCount() {
        return session != null ? 1 : 0;
    }

    /** Sends DISCONNECT, closes the connection and stops the event loop. */
    public void close(Duration timeout) {
        closed = true;
        group.execute(() -> {
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            ClientSession s = session;
            if (s != null) {
                s.disconnect();
            }
        });
        group.shutdownGracefully(0, Math.max(100, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(timeout.toMillis() + 1000);
        failQueued("the bridge is stopping");
    }

    boolean closed() {
        return closed;
    }

    Channel channel() {
        ClientSession s = session;
        return s == null ? null : s.channel();
    }
}
