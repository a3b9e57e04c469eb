package io.osprey.broker.channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.MessageProperties;
import io.osprey.api.SubscriptionOptions;
import io.osprey.broker.Broker;
import io.osprey.broker.codec.PacketText;
import io.osprey.broker.codec.PacketWriter;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.listener.ListenerContext;
import io.osprey.broker.listener.TlsContextFactory;
import io.osprey.broker.listener.ReadGate;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.metrics.Metrics;
import io.osprey.broker.session.Outlet;
import io.osprey.broker.session.Session;
import io.osprey.broker.session.Will;
import io.osprey.broker.trace.TraceTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection: its state machine, what the broker knows about the client ({@link ClientInfo}), and the
 * outlet its session writes to ({@link Outlet}). Packets are handled by one flow class per packet family
 * ({@link ConnectFlow}, {@link PublishFlow}, {@link SubscribeFlow}); every server-side close goes through
 * {@link #close(ShutdownReason, int, String)}.
 * <p>
 * <b>Threading.</b> Everything here runs on the channel's event loop.
 * <p>
 * <b>Writing.</b> Small packets are encoded into one pending buffer that is written and flushed once per read batch
 * or session drain, not once per packet.
 * <p>
 * <b>Suspension.</b> While an asynchronous hook (authentication, ACL, a sync bridge) decides, the connection stops
 * reading and parks already-decoded packets, so that packets are processed in order and one at a time.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements ClientInfo, Outlet {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    /** Payloads above this are written as their own buffer instead of being copied into the pending one. */
    private static final int COPY_THRESHOLD = 2048;

    enum State { WAIT_CONNECT, CONNECTING, CONNECTED, CLOSED }

    final Broker broker;
    final ListenerContext listener;
    final Metrics metrics;
    ChannelHandlerContext ctx;
    State state = State.WAIT_CONNECT;
    BrokerSettings settings;

    // --- what ClientInfo exposes
    String clientId;
    String username;
    String peerHost = "";
    int peerPort;
    int protocolVersion = 4;
    boolean bridge;
    /** The CONNECT had the bridge bit; {@link #bridge} says whether the listener or an authenticator made it one. */
    boolean bridgeRequested;
    int keepAlive;
    boolean cleanStart;
    long connectedAt;
    volatile boolean superuser;
    String peerCertCommonName;
    String peerCertDn;

    MqttProperties connectProperties;
    /** The Server Keep Alive we impose on an MQTT 5 client, or -1 to use the client's own. */
    int serverKeepAlive = -1;
    /** The client's DISCONNECT had reason 0x04: publish the will although it disconnected normally. */
    boolean publishWillOnDisconnect;

    // --- MQTT 5 limits the client announced
    int clientReceiveMaximum = 65535;
    int clientMaxPacketSize = Integer.MAX_VALUE;
    int clientTopicAliasMaximum;
    boolean requestProblemInformation = true;

    // --- topic aliases: client → server, and server → client
    IntObjectHashMap<String> inboundAliases;
    private HashMap<String, Integer> outboundAliases;

    Session session;
    Will will;
    final AclCache aclCache = new AclCache();

    private ByteBuf pending;
    /** Acknowledgements waiting for the store, in the order the PUBLISH packets came [MQTT-4.6.0-2]. */
    private ArrayDeque<PendingAck> acks;
    private boolean needsFlush;
    private ArrayDeque<Object> backlog;
    private boolean suspended;
    private int suspendCount;
    private boolean processingBacklog;
    private ScheduledFuture<?> connectTimeout;
    private ScheduledFuture<?> sendTimeout;
    /** PUBLISH packets per second ({@code messages_rate}), or {@code null} when unlimited. */
    MessageRateLimiter messageRate;

    ShutdownReason shutdownReason;
    private boolean closing;
    /** End the session when the connection closes, whatever its expiry interval. */
    boolean endSessionOnClose;

    public MqttConnection(Broker broker, ListenerContext listener) {
        this.broker = broker;
        this.listener = listener;
        this.metrics = broker.metrics();
    }

    // ---- Netty lifecycle -----------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.settings = broker.settings();
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress a && peerHost.isEmpty()) {
            peerHost = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            peerPort = a.getPort();
        }
        int perSecond = listener.settings().messagesRate();
        if (perSecond > 0) {
            messageRate = new MessageRateLimiter(perSecond);
        }
        long idle = settings.idleTimeout().toMillis();
        if (idle > 0) {
            connectTimeout = ctx.executor().schedule(() -> {
                if (state == State.WAIT_CONNECT) {
                    close(ShutdownReason.IDLE_TIMEOUT, 0, null);
                }
            }, idle, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    /** The real client address learned from a PROXY protocol header. */
    public void setPeer(String host, int port) {
        this.peerHost = host;
        this.peerPort = port;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSED || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (suspended) {
            if (backlog == null) {
                backlog = new ArrayDeque<>();
            }
            backlog.add(msg);
            return;
        }
        process(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (sendTimeout != null) {
                sendTimeout.cancel(false);
                sendTimeout = null;
            }
            if (session != null && state == State.CONNECTED) {
                session.onWritable();
            }
        } else if (sendTimeout == null) {
            long limit = listener.settings().sendTimeout().toMillis();
            if (limit > 0) {
                // a client that does not read what we send for this long is gone or hopelessly slow
                sendTimeout = ctx.executor().schedule(() -> {
                    if (!ctx.channel().isWritable()) {
                        shutdownReason = ShutdownReason.SEND_TIMEOUT;
                        LOG.info("Closing connection of {} from {}:{}: send_timeout ({} ms without draining)",
                                clientId, peerHost, peerPort, limit);
                        ctx.close();
                    }
                }, limit, TimeUnit.MILLISECONDS);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            close(ShutdownReason.KEEPALIVE_TIMEOUT, 0, null);
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                listener.stats().tlsHandshake(tls != null
                        && TlsContextFactory.sessionResumed(tls.engine()));
                readPeerCertificate(ctx);
            } else {
                shutdownReason = ShutdownReason.TLS_ERROR;
                LOG.info("TLS handshake with {}:{} failed: {}", peerHost, peerPort, hs.cause().getMessage());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The verified client certificate's subject, for {@code peer_cert_as_username|clientid} and ACLs. */
    private void readPeerCertificate(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return;
        }
        try {
            java.security.cert.Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate x509) {
                peerCertDn = x509.getSubjectX500Principal().getName();
                peerCertCommonName = commonName(peerCertDn);
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // no client certificate: fine unless the listener requires one (the handshake would have failed)
        }
    }

    static String commonName(String dn) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (shutdownReason == null) {
            shutdownReason = isTls(cause) ? ShutdownReason.TLS_ERROR : ShutdownReason.CLOSED;
        }
        if (shutdownReason == ShutdownReason.TLS_ERROR) {
            LOG.debug("TLS error with {}:{}: {}", peerHost, peerPort, cause.toString());
            ctx.close();
            return;
        }
        if (!(cause instanceof java.io.IOException)) {
            LOG.warn("Connection of {} from {}:{} failed: {}", clientId, peerHost, peerPort, cause.toString(), cause);
        } else {
            LOG.debug("Connection of {} from {}:{}: {}", clientId, peerHost, peerPort, cause.toString());
        }
        ctx.close();
    }

    private static boolean isTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException || c instanceof io.netty.handler.ssl.NotSslRecordException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sendTimeout != null) {
            sendTimeout.cancel(false);
        }
        State was = state;
        state = State.CLOSED;
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (backlog != null) {
            backlog.forEach(ReferenceCountUtil::release);
            backlog = null;
        }
        ShutdownReason reason = shutdownReason != null ? shutdownReason : ShutdownReason.CLOSED;
        listener.stats().closed(reason.label());
        if (broker.traces().anyClient()) {
            traceOut("connection closed: " + reason.label());
        }
        if (was == State.CONNECTED) {
            broker.flapping().disconnected(clientId);
            metrics.inc(Metric.CLIENT_DISCONNECTED);
            broker.hooks().clientDisconnected(this, reason.label());
            broker.sys().clientDisconnected(this, reason.label());
            // a normal DISCONNECT discards the will [MQTT-3.1.2-10], unless MQTT 5 reason 0x04 asked for it
            Will toPublish = reason == ShutdownReason.NORMAL && !publishWillOnDisconnect ? null : will;
            boolean endSession = endSessionOnClose || reason == ShutdownReason.KICKED
                    || reason == ShutdownReason.DISCARDED;
            broker.sessions().closed(session, this, toPublish, reason.label(), endSession);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Connection of {} from {}:{} closed: {}", clientId, peerHost, peerPort, reason.label());
        }
        ctx.fireChannelInactive();
    }

    // ---- dispatch ------------------------------------------------------------------------------------------

    private void process(Object msg) {
        if (!(msg instanceof MqttMessage m)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        metrics.inc(Metric.PACKETS_RECEIVED);
        if (broker.traces().anyClient()) {
            String id = clientId != null ? clientId : m instanceof io.netty.handler.codec.mqtt.MqttConnectMessage cm
                    ? cm.payload().clientIdentifier() : null;
            TraceTarget t = broker.traces().forClient(id);
            if (t != null) {
                t.line("client " + id + " IN " + PacketText.describe(m, t.withPayloads()));
            }
        }
        if (m.decoderResult().isFailure()) {
            try {
                ConnectFlow.malformed(this, m);
            } finally {
                ReferenceCountUtil.release(m);
            }
            return;
        }
        MqttMessageType type = m.fixedHeader().messageType();
        if (state == State.WAIT_CONNECT) {
            if (type == MqttMessageType.CONNECT) {
                if (connectTimeout != null) {
                    connectTimeout.cancel(false);
                }
                ConnectFlow.connect(this, (io.netty.handler.codec.mqtt.MqttConnectMessage) m);
            } else {
                // the first packet must be CONNECT [MQTT-3.1.0-1]
                ReferenceCountUtil.release(m);
                protocolError("first packet was " + type + ", not CONNECT");
            }
            return;
        }
        if (state != State.CONNECTED) {
            ReferenceCountUtil.release(m);
            return;
        }
        switch (type) {
            case PUBLISH -> PublishFlow.publish(this, (io.osprey.broker.codec.PublishPacket) m);
            case PUBACK -> PublishFlow.puback(this, m);
            case PUBREC -> PublishFlow.pubrec(this, m);
            case PUBREL -> PublishFlow.pubrel(this, m);
            case PUBCOMP -> PublishFlow.pubcomp(this, m);
            case SUBSCRIBE -> SubscribeFlow.subscribe(this, (io.netty.handler.codec.mqtt.MqttSubscribeMessage) m);
            case UNSUBSCRIBE ->
                    SubscribeFlow.unsubscribe(this, (io.netty.handler.codec.mqtt.MqttUnsubscribeMessage) m);
            case PINGREQ -> {
                metrics.inc(Metric.PACKETS_PINGREQ_RECEIVED);
                if (broker.traces().anyClient()) {
                    traceOut("PINGRESP");
                }
                PacketWriter.writePingresp(buffer(2));
                metrics.inc(Metric.PACKETS_PINGRESP_SENT);
            }
            case DISCONNECT -> ConnectFlow.disconnect(this, m);
            case CONNECT -> {
                // a second CONNECT is a protocol error [MQTT-3.1.0-2]
                metrics.inc(Metric.PACKETS_CONNECT_RECEIVED);
                close(ShutdownReason.DUPLICATE_CONNECT, 0x82, "second CONNECT on one connection");
            }
            case AUTH -> {
                metrics.inc(Metric.PACKETS_AUTH_RECEIVED);
                close(ShutdownReason.PROTOCOL_ERROR, 0x8C, "enhanced authentication is not supported");
            }
            default -> protocolError("a client must not send " + type);
        }
    }

    /**
     * Stops reading until the matching {@link #resume()}; decoded packets are parked in order. Nests: a step that
     * waits inside another waiting step keeps the connection suspended until both are done.
     */
    void suspend() {
        if (suspendCount++ == 0) {
            suspended = true;
            ReadGate.of(ctx.channel()).close(ReadGate.HOOK);
        }
    }

    /** Ends one {@link #suspend()}; the last one processes the parked packets and reads again. */
    void resume() {
        if (suspendCount == 0 || --suspendCount > 0) {
            return;
        }
        suspended = false;
        if (processingBacklog) {
            return;
        }
        processingBacklog = true;
        try {
            while (!suspended && backlog != null && !backlog.isEmpty()) {
                Object next = backlog.poll();
                if (state == State.CLOSED || closing) {
                    ReferenceCountUtil.release(next);
                } else {
                    process(next);
                }
            }
        } finally {
            processingBacklog = false;
        }
        flush();
        if (!suspended && state != State.CLOSED && !closing) {
            ReadGate.of(ctx.channel()).open(ReadGate.HOOK);
        }
    }

    // ---- closing -------------------------------------------------------------------------------------------

    void protocolError(String why) {
        close(ShutdownReason.PROTOCOL_ERROR, 0x82, why);
    }

    /**
     * Closes the connection from the server side: logs why, counts the reason, and sends MQTT 5 clients a
     * DISCONNECT with {@code v5ReasonCode} (0: none) and, if they allow it, the reason string.
     */
    public void close(ShutdownReason reason, int v5ReasonCode, String why) {
        if (state == State.CLOSED || closing) {
            return;
        }
        closing = true;
        if (shutdownReason == null) {
            shutdownReason = reason;
        }
        if (why != null) {
            if (reason == ShutdownReason.PROTOCOL_ERROR) {
                LOG.info("Closing connection of {} from {}:{}: {} ({})", clientId == null ? "-" : clientId, peerHost,
                        peerPort, reason.label(), why);
            } else {
                LOG.debug("Closing connection of {} from {}:{}: {} ({})", clientId, peerHost, peerPort,
                        reason.label(), why);
            }
        }
        if (state == State.CONNECTED && protocolVersion >= 5 && v5ReasonCode > 0) {
            writeObject(ConnectFlow.disconnectPacket(v5ReasonCode, requestProblemInformation ? why : null));
            metrics.inc(Metric.PACKETS_DISCONNECT_SENT);
        }
        writePending();
        // close once what was written has gone out, or after a grace period if the client does not read
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> ctx.close(), 5, TimeUnit.SECONDS);
    }

    @Override
    public void clearAclCache() {
        AclCheck.clearCache(this);
    }

    @Override
    public void closeForSession(String reason, int v5ReasonCode) {
        ShutdownReason r = ShutdownReason.ofLabel(reason);
        close(r, v5ReasonCode, reason);
    }

    // ---- writing -------------------------------------------------------------------------------------------

    /** The pending buffer with room for {@code bytes} more; written at the next {@link #flush()}. */
    ByteBuf buffer(int bytes) {
        if (pending == null) {
            pending = ctx.alloc().ioBuffer(Math.max(256, bytes));
        } else {
            pending.ensureWritable(bytes);
        }
        return pending;
    }

    /** An acknowledgement to write once {@code ready} completes. */
    private record PendingAck(java.util.concurrent.CompletableFuture<Void> ready, Runnable write, Runnable failed) {
    }

    boolean acksPending() {
        return acks != null && !acks.isEmpty();
    }

    /**
     * Writes an acknowledgement once {@code ready} completes, never before an earlier one that is still waiting.
     *
     * @param failed what to do instead when {@code ready} fails (may be {@code null})
     */
    void ackWhen(java.util.concurrent.CompletableFuture<Void> ready, Runnable write, Runnable failed) {
        if (!acksPending() && ready.isDone() && !ready.isCompletedExceptionally()) {
            write.run();
            return;
        }
        if (acks == null) {
            acks = new ArrayDeque<>();
        }
        acks.add(new PendingAck(ready, write, failed));
        if (!ready.isDone()) {
            ready.whenCompleteAsync((v, e) -> writeReadyAcks(), eventLoop());
        } else {
            writeReadyAcks();
        }
    }

    private void writeReadyAcks() {
        if (state == State.CLOSED || acks == null) {
            return;
        }
        PendingAck head;
        boolean wrote = false;
        while ((head = acks.peek()) != null && head.ready().isDone()) {
            acks.poll();
            if (head.ready().isCompletedExceptionally()) {
                if (head.failed() != null) {
                    head.failed().run();
                }
            } else {
                head.write().run();
            }
            wrote = true;
        }
        if (wrote) {
            flush();
        }
    }

    /** The trace of this client, or {@code null} (one volatile read when nothing is traced). */
    TraceTarget trace() {
        return broker.traces().anyClient() ? broker.traces().forClient(clientId) : null;
    }

    private void traceOut(String what) {
        TraceTarget t = trace();
        if (t != null) {
            t.line("client " + clientId + " OUT " + what);
        }
    }

    /** Writes a packet object through Netty's encoder, after whatever is pending (order is kept). */
    void writeObject(Object packet) {
        if (broker.traces().anyClient() && packet instanceof MqttMessage m) {
            traceOut(PacketText.describe(m, false));
        }
        writePending();
        ctx.write(packet, ctx.voidPromise());
        needsFlush = true;
    }

    private void writePending() {
        if (pending != null) {
            ByteBuf b = pending;
            pending = null;
            if (b.isReadable()) {
                ctx.write(b, ctx.voidPromise());
                needsFlush = true;
            } else {
                b.release();
            }
        }
    }

    @Override
    public void flush() {
        writePending();
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public ClientInfo client() {
        return this;
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public boolean isOpen() {
        return ctx.channel().isActive();
    }

    @Override
    public int clientReceiveMaximum() {
        return clientReceiveMaximum;
    }

    @Override
    public boolean sendPublish(Message m, int qos, int packetId, boolean dup, boolean retain,
                               SubscriptionOptions options) {
        boolean v5 = protocolVersion >= 5;
        String topic = m.topic();
        int topicBytes = ByteBufUtil.utf8Bytes(topic);
        int alias = 0;
        MessageProperties props = m.properties();
        long expiry = -1;
        int propsLength = 0;
        if (v5) {
            if (props.messageExpiryInterval() != null) {
                // send what is left of the expiry interval [MQTT-3.3.2-6]
                expiry = Math.max(0, (m.expiresAt() - System.currentTimeMillis() + 999) / 1000);
            }
            if (clientTopicAliasMaximum > 0) {
                alias = outboundAlias(topic);
                if (alias < 0) {
                    alias = -alias;
                    topicBytes = 0; // the client knows this alias: send an empty topic
                    topic = "";
                }
            }
            propsLength = PacketWriter.publishPropertiesLength(props, expiry, alias, options.subscriptionIdentifier());
        }
        int payloadLength = m.payload().length;
        int size = PacketWriter.publishSize(topicBytes, qos, propsLength, v5, payloadLength);
        if (size > clientMaxPacketSize) {
            return false; // [MQTT-3.1.2-24] never send more than the client's Maximum Packet Size
        }
        if (payloadLength <= COPY_THRESHOLD) {
            ByteBuf out = buffer(size);
            PacketWriter.writePublishHeader(out, topic, topicBytes, qos, dup, retain, packetId, v5, props, expiry,
                    alias, options.subscriptionIdentifier(), propsLength, payloadLength);
            out.writeBytes(m.payload());
        } else {
            ByteBuf out = buffer(size - payloadLength);
            PacketWriter.writePublishHeader(out, topic, topicBytes, qos, dup, retain, packetId, v5, props, expiry,
                    alias, options.subscriptionIdentifier(), propsLength, payloadLength);
            writePending();
            ctx.write(Unpooled.wrappedBuffer(m.payload()), ctx.voidPromise());
            needsFlush = true;
        }
        if (broker.traces().anyClient()) {
            TraceTarget t = trace();
            if (t != null) {
                t.line("client " + clientId + " OUT " + PacketText.publish(m, qos, packetId, dup, retain,
                        t.withPayloads()));
            }
        }
        metrics.inc(Metric.PACKETS_PUBLISH_SENT);
        metrics.inc(Metric.MESSAGES_SENT);
        metrics.inc(qos == 0 ? Metric.MESSAGES_QOS0_SENT : qos == 1 ? Metric.MESSAGES_QOS1_SENT
                : Metric.MESSAGES_QOS2_SENT);
        return true;
    }

    /**
     * The alias to use for {@code topic}: positive when newly assigned (send topic and alias), negative when the
     * client already knows it (send only the alias), 0 when all aliases are used.
     */
    private int outboundAlias(String topic) {
        if (outboundAliases == null) {
            outboundAliases = new HashMap<>();
        }
        Integer known = outboundAliases.get(topic);
        if (known != null) {
            return -known;
        }
        if (outboundAliases.size() >= clientTopicAliasMaximum) {
            return 0;
        }
        int alias = outboundAliases.size() + 1;
        outboundAliases.put(topic, alias);
        return alias;
    }

    @Override
    public void sendPubrel(int packetId) {
        if (broker.traces().anyClient()) {
            traceOut("PUBREL(id=" + packetId + ")");
        }
        PacketWriter.writeAck(buffer(4), 6, packetId, false, 0, null);
        metrics.inc(Metric.PACKETS_PUBREL_SENT);
    }

    void writeAck(int type, int packetId, int reasonCode, String reasonString) {
        if (broker.traces().anyClient()) {
            traceOut(new String[] {"", "", "", "", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP"}[type] + "(id=" + packetId
                    + (reasonCode != 0 ? ", rc=0x" + Integer.toHexString(reasonCode) : "") + ")");
        }
        PacketWriter.writeAck(buffer(8 + (reasonString == null ? 0 : reasonString.length() * 3)), type, packetId,
                protocolVersion >= 5, reasonCode, requestProblemInformation ? reasonString : null);
    }

    // ---- ClientInfo ----------------------------------------------------------------------------------------

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String peerHost() {
        return peerHost;
    }

    @Override
    public int peerPort() {
        return peerPort;
    }

    @Override
    public String listener() {
        return listener.name();
    }

    @Override
    public int protocolVersion() {
        return protocolVersion;
    }

    @Override
    public boolean isBridge() {
        return bridge;
    }

    @Override
    public int keepAlive() {
        return keepAlive;
    }

    @Override
    public boolean cleanStart() {
        return cleanStart;
    }

    @Override
    public long connectedAt() {
        return connectedAt;
    }

    @Override
    public boolean isSuperuser() {
        return superuser;
    }

    @Override
    public String peerCertCommonName() {
        return peerCertCommonName;
    }

    /** The session of a connected client (for the admin API); {@code null} before CONNECT completes. */
    public Session session() {
        return session;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    @Override
    public String toString() {
        return "MqttConnection{" + clientId + "@" + peerHost + ":" + peerPort + ", " + state + '}';
    }
}
