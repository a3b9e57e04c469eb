package io.osprey.plugin.mqttbridge.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.osprey.api.MessageProperties;
import io.osprey.api.UserProperty;
import io.osprey.plugin.mqttbridge.config.ConnectSettings;
import io.osprey.plugin.mqttbridge.config.Subscription;
import io.osprey.plugin.mqttbridge.record.MqttRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT session with the remote broker, on one connection's event loop: CONNECT/CONNACK, the subscriptions, the
 * messages in both directions with their acknowledgements (QoS 0, 1 and 2), keep alive, and the end of the
 * connection. Everything here runs on the event loop, so it needs no locks.
 * <p>
 * Outgoing QoS 1/2 messages are reported sent on PUBACK, or PUBCOMP after PUBREC/PUBREL; at most the remote's Receive
 * Maximum (MQTT 5) are unacknowledged, the rest wait here. A refusal in an MQTT 5 acknowledgement (reason 0x80 and
 * above) is final for the message when it is about the message (not authorized, bad topic, too large), otherwise
 * it is sent again later.
 */
final class ClientSession extends SimpleChannelInboundHandler<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final String name;
    private final ConnectSettings settings;
    private final Inbound inbound;
    private final RemoteConnection connection;
    /** Outgoing QoS 1/2 messages waiting for their acknowledgement, by packet id. */
    private final Map<Integer, Pending> pending = new HashMap<>();
    /** Messages beyond the remote's Receive Maximum, in order. */
    private final ArrayDeque<RemoteConnection.Outgoing> held = new ArrayDeque<>();
    /** Incoming QoS 2 packet ids published here and waiting for PUBREL. */
    private final Set<Integer> awaitingRelease = new HashSet<>();
    private ChannelHandlerContext ctx;
    private int nextId = 1;
    private int subscribeId;
    private int receiveMaximum = 65535;
    private boolean up;
    private ScheduledFuture<?> ackWatch;

    private static final class Pending {
        final RemoteConnection.Outgoing message;
        final long sentAt = System.nanoTime();
        boolean released;

        Pending(RemoteConnection.Outgoing message) {
            this.message = message;
        }
    }

    ClientSession(String name, ConnectSettings settings, Inbound inbound, RemoteConnection connection) {
        this.name = name;
        this.settings = settings;
        this.inbound = inbound;
        this.connection = connection;
    }

    Channel channel() {
        return ctx.channel();
    }

    boolean writable() {
        return up && ctx.channel().isWritable();
    }

    private MqttVersion version() {
        return switch (settings.protocolLevel()) {
            case 3 -> MqttVersion.MQTT_3_1;
            case 5 -> MqttVersion.MQTT_5;
            default -> MqttVersion.MQTT_3_1_1;
        };
    }

    private boolean v5() {
        return settings.protocolLevel() == 5;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect().protocolVersion(version())
                .clientId(settings.clientId()).cleanSession(settings.cleanStart())
                .keepAlive((int) settings.keepAlive().toSeconds());
        if (settings.username() != null) {
            b.hasUser(true).username(settings.username());
        }
        if (settings.password() != null) {
            b.hasPassword(true).password(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        if (v5()) {
            MqttProperties p = new MqttProperties();
            if (!settings.cleanStart()) {
                p.add(new MqttProperties.IntegerProperty(
                        MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                        (int) Math.min(0xFFFFFFFFL, settings.sessionExpiry().toSeconds())));
            }
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
                    settings.maxInflight()));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(),
                    settings.maxPacketSize()));
            b.properties(p);
        }
        ctx.writeAndFlush(b.build());
        long check = Math.max(200, Math.min(1000, settings.retryInterval().toMillis() / 4));
        ackWatch = ctx.executor().scheduleAtFixedRate(this::watchAcks, check, check, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage m) {
        if (m.decoderResult().isFailure()) {
            close("the remote broker sent a malformed packet: " + m.decoderResult().cause().getMessage());
            return;
        }
        switch (m.fixedHeader().messageType()) {
            case CONNACK -> connack((MqttConnAckMessage) m);
            case SUBACK -> suback((MqttSubAckMessage) m);
            case PUBLISH -> incoming((MqttPublishMessage) m);
            case PUBACK -> acked(id(m), reason(m), false);
            case PUBREC -> received(id(m), reason(m));
            case PUBCOMP -> acked(id(m), reason(m), true);
            case PUBREL -> {
                awaitingRelease.remove(id(m));
                ctx.writeAndFlush(reply(MqttMessageType.PUBCOMP, id(m)));
            }
            case DISCONNECT -> close("the remote broker disconnected the bridge" + (v5() && m.variableHeader()
                    != null ? " (" + m.variableHeader() + ")" : ""));
            case PINGRESP -> { }
            default -> close("unexpected " + m.fixedHeader().messageType() + " from the remote broker");
        }
    }

    private void connack(MqttConnAckMessage m) {
        MqttConnectReturnCode code = m.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            close("the remote broker refused the connection: " + code + " (check clientid, username, password "
                    + "and proto_ver)");
            return;
        }
        if (v5()) {
            MqttProperties.MqttProperty<?> max = m.variableHeader().properties()
                    .getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value());
            if (max != null && max.value() instanceof Integer i && i > 0) {
                receiveMaximum = i;
            }
        }
        List<Subscription> subs = settings.subscriptions();
        if (subs.isEmpty()) {
            ready();
            return;
        }
        MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe();
        subscribeId = takeId();
        b.messageId(subscribeId);
        for (Subscription s : subs) {
            MqttQoS qos = MqttQoS.valueOf(s.qos());
            if (v5()) {
                // No Local: what this bridge publishes does not come back [MQTT-3.8.3-3]; not allowed on $share
                boolean noLocal = !s.topic().startsWith("$share/");
                b.addSubscription(s.topic(), new MqttSubscriptionOption(qos, noLocal, true,
                        MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE));
            } else {
                b.addSubscription(qos, s.topic());
            }
        }
        ctx.writeAndFlush(b.build());
    }

    private void suback(MqttSubAckMessage m) {
        if (m.variableHeader().messageId() != subscribeId) {
            return;
        }
        List<Integer> codes = m.payload().reasonCodes();
        List<Subscription> subs = settings.subscriptions();
        for (int i = 0; i < subs.size() && i < codes.size(); i++) {
            if (codes.get(i) >= 0x80) {
                LOG.error("MQTT bridge {}: the remote broker refused the subscription to {} (reason 0x{}); messages "
                        + "on it will not arrive", name, subs.get(i).topic(), Integer.toHexString(codes.get(i)));
            }
        }
        ready();
    }

    private void ready() {
        up = true;
        connection.up(this);
    }

    private void incoming(MqttPublishMessage m) {
        int qos = m.fixedHeader().qosLevel().value();
        int id = m.variableHeader().packetId();
        Channel ch = ctx.channel();
        if (qos == 2 && awaitingRelease.contains(id)) {
            ctx.writeAndFlush(reply(MqttMessageType.PUBREC, id)); // a resent copy: published here already
            return;
        }
        Runnable ack = switch (qos) {
            case 1 -> () -> ch.eventLoop().execute(() -> ch.writeAndFlush(reply(MqttMessageType.PUBACK, id)));
            case 2 -> () -> ch.eventLoop().execute(() -> {
                awaitingRelease.add(id);
                ch.writeAndFlush(reply(MqttMessageType.PUBREC, id));
            });
            default -> () -> { };
        };
        inbound.publish(m, ack, () -> ch.eventLoop().execute(() -> ch.config().setAutoRead(true)));
        if (inbound.full()) {
            ch.config().setAutoRead(false);
        }
    }

    // ---- outgoing ------------------------------------------------------------------------------------------

    /** Writes a batch of queued messages (and what waited for room), with one flush. */
    void send(List<RemoteConnection.Outgoing> batch) {
        for (RemoteConnection.Outgoing o : batch) {
            if (o.record().qos() > 0 && (pending.size() >= receiveMaximum || !held.isEmpty())) {
                held.add(o);
            } else {
                write(o);
            }
        }
        ctx.flush();
    }

    private void write(RemoteConnection.Outgoing o) {
        MqttRecord r = o.record();
        Integer expiry = null;
        if (r.expiresAt() > 0) {
            long left = (r.expiresAt() - System.currentTimeMillis() + 999) / 1000;
            if (left <= 0) {
                o.done().refused("the message expired before it could be forwarded");
                return;
            }
            expiry = (int) Math.min(Integer.MAX_VALUE, left);
        }
        MqttMessageBuilders.PublishBuilder b = MqttMessageBuilders.publish().topicName(r.topic())
                .qos(MqttQoS.valueOf(r.qos())).retained(r.retain()).payload(Unpooled.wrappedBuffer(r.payload()));
        if (v5()) {
            b.properties(properties(r.properties(), expiry));
        }
        if (r.qos() == 0) {
            b.messageId(0);
            ctx.write(b.build()).addListener(f -> {
                if (f.isSuccess()) {
                    o.done().sent();
                } else {
                    o.done().retry("writing to the remote broker failed: " + f.cause());
                }
            });
            return;
        }
        int id = takeId();
        if (id < 0) {
            o.done().retry("no free packet id");
            return;
        }
        pending.put(id, new Pending(o));
        ctx.write(b.messageId(id).build());
    }

    private static MqttProperties properties(MessageProperties p, Integer expiry) {
        MqttProperties out = new MqttProperties();
        if (p.payloadFormatIndicator() != null) {
            out.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), p.payloadFormatIndicator()));
        }
        if (expiry != null) {
            out.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), expiry));
        }
        if (p.contentType() != null) {
            out.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.CONTENT_TYPE.value(),
                    p.contentType()));
        }
        if (p.responseTopic() != null) {
            out.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.RESPONSE_TOPIC.value(),
                    p.responseTopic()));
        }
        if (p.correlationData() != null) {
            out.add(new MqttProperties.BinaryProperty(MqttProperties.MqttPropertyType.CORRELATION_DATA.value(),
                    p.correlationData()));
        }
        for (UserProperty u : p.userProperties()) {
            out.add(new MqttProperties.UserProperty(u.name(), u.value()));
        }
        return out;
    }

    /** A free packet id (1..65535), or -1 when all are in use. */
    private int takeId() {
        for (int tries = 0; tries < 65535; tries++) {
            int id = nextId;
            nextId = nextId == 65535 ? 1 : nextId + 1;
            if (!pending.containsKey(id) && id != subscribeId) {
                return id;
            }
        }
        return -1;
    }

    private void received(int id, int reason) {
        Pending p = pending.get(id);
        if (p == null) {
            return;
        }
        if (reason >= 0x80) {
            pending.remove(id);
            refusedOrRetry(p, reason);
            releaseHeld();
            return;
        }
        p.released = true;
        ctx.writeAndFlush(reply(MqttMessageType.PUBREL, id));
    }

    private void acked(int id, int reason, boolean complete) {
        Pending p = pending.get(id);
        if (p == null || (complete != p.released)) {
            return;
        }
        pending.remove(id);
        if (reason >= 0x80) {
            refusedOrRetry(p, reason);
        } else {
            p.message.done().sent();
        }
        releaseHeld();
    }

    private void releaseHeld() {
        boolean wrote = false;
        while (!held.isEmpty() && pending.size() < receiveMaximum) {
            write(held.poll());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /** MQTT 5 refusals about the message itself are final; the others may pass. */
    private static void refusedOrRetry(Pending p, int reason) {
        String why = "the remote broker refused the message (reason 0x" + Integer.toHexString(reason) + ")";
        switch (reason) {
            case 0x87, 0x90, 0x95, 0x99 -> p.message.done().refused(why);
            default -> p.message.done().retry(why);
        }
    }

    /** A QoS 1/2 message unanswered for {@code retry_interval}: the connection is broken; a new one resends. */
    private void watchAcks() {
        long limit = settings.retryInterval().toNanos();
        long now = System.nanoTime();
        for (Pending p : pending.values()) {
            if (now - p.sentAt > limit) {
                close("no acknowledgement from the remote broker within retry_interval ("
                        + settings.retryInterval().toSeconds() + " s)");
                return;
            }
        }
    }

    // ---- the connection --------------------------------------------------------------------------------------

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent e) {
            if (e.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false,
                        MqttQoS.AT_MOST_ONCE, false, 0)));
            } else if (e.state() == IdleState.READER_IDLE) {
                close("nothing from the remote broker for 1.5 × keepalive");
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(cause instanceof java.io.IOException ? cause.getMessage() : cause.toString());
    }

    private String closeReason;

    private void close(String why) {
        if (closeReason == null) {
            closeReason = why;
        }
        ctx.close();
    }

    /** A clean end: DISCONNECT, then close (the bridge is stopping). */
    void disconnect() {
        closeReason = "the bridge stopped";
        ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false,
                MqttQoS.AT_MOST_ONCE, false, 0))).addListener(f -> ctx.close());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        up = false;
        if (ackWatch != null) {
            ackWatch.cancel(false);
        }
        String why = closeReason != null ? closeReason : "the remote broker closed the connection";
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            it.next().message.done().retry(why);
            it.remove();
        }
        RemoteConnection.Outgoing o;
        while ((o = held.poll()) != null) {
            o.done().retry(why);
        }
        connection.failed(why);
    }

    private static int id(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    private static int reason(MqttMessage m) {
        return m.variableHeader() instanceof MqttPubReplyMessageVariableHeader v ? v.reasonCode() & 0xFF : 0;
    }

    private static MqttMessage reply(MqttMessageType type, int id) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(id));
    }
}
