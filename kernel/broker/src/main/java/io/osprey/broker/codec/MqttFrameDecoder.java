package io.osprey.broker.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;

/**
 * Decodes client packets of MQTT 3.1, 3.1.1 and 5 into Netty's {@code codec-mqtt} message types (PUBLISH into the
 * broker's own {@link PublishPacket}), one complete frame at a time.
 * <p>
 * Why not Netty's {@code MqttDecoder}: it is a {@code ReplayingDecoder} that reads field lengths against the maximum
 * packet size rather than the packet, so a string whose length runs past the end of its packet makes it wait for,
 * and then consume, the next packet; it keeps one value per MQTT 5 property, so a repeated property (a Protocol
 * Error) cannot be seen; it accepts properties that are not allowed in a packet type; and it rejects the bridge
 * protocol levels (0x83–0x85) Mosquitto bridges send. This decoder cuts the stream into frames by the remaining
 * length first and then parses each frame strictly inside its bounds, so a bad frame fails at once and alone.
 * <p>
 * A failure produces Netty's "invalid message" (a {@link MqttMessage} whose {@code decoderResult()} failed) and every
 * later byte of the connection is discarded; the channel handler closes the connection with the matching reason.
 * Failures that MQTT 5 calls Protocol Errors are {@link MqttProtocolException}; too-large packets are
 * {@link TooLongFrameException}.
 */
public final class MqttFrameDecoder extends ByteToMessageDecoder {

    /** Set to {@code TRUE} on a channel whose CONNECT announced a bridge (protocol level with the 0x80 bit). */
    public static final AttributeKey<Boolean> BRIDGE = AttributeKey.valueOf("osprey.bridge");
    /** The attribute Netty's {@code MqttEncoder} reads the protocol version from. */
    private static final AttributeKey<MqttVersion> NETTY_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final int maxPacketSize;
    private final int maxClientIdLength;
    private int level = 4;
    private boolean failed;
    /** The remaining length of the frame being parsed. */
    private int frameLength;
    private CharsetDecoder utf8;

    public MqttFrameDecoder(int maxPacketSize, int maxClientIdLength) {
        this.maxPacketSize = maxPacketSize;
        this.maxClientIdLength = maxClientIdLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < 2) {
            return;
        }
        int first = in.getUnsignedByte(start);
        int length = 0;
        int multiplier = 1;
        int headerLength = 1;
        while (true) {
            if (headerLength >= available) {
                return; // the remaining length is not complete yet
            }
            int digit = in.getUnsignedByte(start + headerLength);
            headerLength++;
            length += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                break;
            }
            if (headerLength == 5) {
                fail(out, first, new DecoderException("remaining length longer than 4 bytes"));
                in.skipBytes(in.readableBytes());
                return;
            }
            multiplier <<= 7;
        }
        if ((long) headerLength + length > maxPacketSize) {
            fail(out, first, new TooLongFrameException("packet of " + (headerLength + length)
                    + " bytes is larger than max_packet_size " + maxPacketSize));
            in.skipBytes(in.readableBytes());
            return;
        }
        if (available < headerLength + length) {
            return; // wait for the whole frame
        }
        // The frame is parsed in place: the buffer's indexes are narrowed to it, so a field that runs past the end
        // fails as it would in a slice (IndexOutOfBoundsException), without allocating a slice per packet. Nothing
        // decoded keeps a view of the buffer (payloads and binary fields are copies).
        int frameStart = start + headerLength;
        int frameEnd = frameStart + length;
        int writerIndex = in.writerIndex();
        in.setIndex(frameStart, frameEnd);
        frameLength = length;
        try {
            out.add(decodeFrame(ctx, first, in));
        } catch (DecoderException e) {
            fail(out, first, e);
        } catch (IndexOutOfBoundsException e) {
            fail(out, first, new DecoderException("field runs past the end of the packet"));
        } finally {
            in.setIndex(frameEnd, writerIndex);
        }
    }

    private void fail(List<Object> out, int first, DecoderException cause) {
        failed = true;
        MqttMessageType type = first >> 4 >= 1 && first >> 4 <= 15 ? MqttMessageType.valueOf(first >> 4) : null;
        MqttFixedHeader header = type == null ? null
                : new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
        out.add(new MqttMessage(header, null, null, DecoderResult.failure(cause)));
    }

    private Object decodeFrame(ChannelHandlerContext ctx, int first, ByteBuf f) {
        int type = first >> 4;
        int flags = first & 0x0F;
        switch (type) {
            case 1:
                requireFlags(flags, 0, "CONNECT");
                return connect(ctx, f);
            case 3:
                return publish(first, f);
            case 4:
                requireFlags(flags, 0, "PUBACK");
                return ack(MqttMessageType.PUBACK, 0, f);
            case 5:
                requireFlags(flags, 0, "PUBREC");
                return ack(MqttMessageType.PUBREC, 0, f);
            case 6:
                requireFlags(flags, 2, "PUBREL");
                return ack(MqttMessageType.PUBREL, 1, f);
            case 7:
                requireFlags(flags, 0, "PUBCOMP");
                return ack(MqttMessageType.PUBCOMP, 0, f);
            case 8:
                requireFlags(flags, 2, "SUBSCRIBE");
                return subscribe(f);
            case 10:
                requireFlags(flags, 2, "UNSUBSCRIBE");
                return unsubscribe(f);
            case 12:
                requireFlags(flags, 0, "PINGREQ");
                requireEmpty(f, "PINGREQ");
                return new MqttMessage(header(MqttMessageType.PINGREQ, 0, frameLength));
            case 14:
                requireFlags(flags, 0, "DISCONNECT");
                return reasonAndProperties(MqttMessageType.DISCONNECT, f, Props.DISCONNECT);
            case 15:
                if (level < 5) {
                    throw new DecoderException("AUTH needs MQTT 5");
                }
                requireFlags(flags, 0, "AUTH");
                return reasonAndProperties(MqttMessageType.AUTH, f, Props.AUTH);
            case 2, 9, 11, 13:
                // server-to-client packets: the channel handler refuses them as a protocol violation
                return new MqttMessage(header(MqttMessageType.valueOf(type), 0, frameLength));
            default:
                throw new DecoderException("reserved packet type 0");
        }
    }

    // ---- CONNECT -------------------------------------------------------------------------------------------

    private MqttConnectMessage connect(ChannelHandlerContext ctx, ByteBuf f) {
        String protocol = string(f);
        int rawLevel = f.readUnsignedByte();
        boolean bridge = (rawLevel & 0x80) != 0;
        int lvl = rawLevel & 0x7F;
        boolean known = (lvl == 3 && protocol.equals("MQIsdp")) || ((lvl == 4 || lvl == 5) && protocol.equals("MQTT"));
        if (!known) {
            throw new MqttUnacceptableProtocolVersionException("protocol " + protocol + " level " + rawLevel
                    + " is not supported");
        }
        level = lvl;
        MqttVersion version = lvl == 3 ? MqttVersion.MQTT_3_1 : lvl == 4 ? MqttVersion.MQTT_3_1_1 : MqttVersion.MQTT_5;
        ctx.channel().attr(NETTY_VERSION).set(version);
        if (bridge) {
            ctx.channel().attr(BRIDGE).set(Boolean.TRUE);
        }
        int connectFlags = f.readUnsignedByte();
        if (lvl >= 4 && (connectFlags & 0x01) != 0) {
            throw new DecoderException("reserved CONNECT flag set"); // [MQTT-3.1.2-3]
        }
        boolean hasUser = (connectFlags & 0x80) != 0;
        boolean hasPassword = (connectFlags & 0x40) != 0;
        boolean willRetain = (connectFlags & 0x20) != 0;
        int willQos = (connectFlags >> 3) & 0x03;
        boolean willFlag = (connectFlags & 0x04) != 0;
        boolean clean = (connectFlags & 0x02) != 0;
        int keepAlive = f.readUnsignedShort();
        MqttProperties props = lvl == 5 ? properties(f, Props.CONNECT) : MqttProperties.NO_PROPERTIES;
        String clientId = string(f);
        if (lvl == 3 && (clientId.isEmpty() || clientId.length() > maxClientIdLength)) {
            throw new MqttIdentifierRejectedException("MQTT 3.1 client id must be 1 to " + maxClientIdLength
                    + " characters");
        }
        MqttProperties willProps = MqttProperties.NO_PROPERTIES;
        String willTopic = null;
        byte[] willMessage = null;
        if (willFlag) {
            if (lvl == 5) {
                willProps = properties(f, Props.WILL);
            }
            willTopic = string(f);
            willMessage = binary(f);
        }
        String user = hasUser ? string(f) : null;
        byte[] password = hasPassword ? binary(f) : null;
        requireEmpty(f, "CONNECT");
        MqttConnectVariableHeader vh = new MqttConnectVariableHeader(version.protocolName(), lvl, hasUser,
                hasPassword, willRetain, willQos, willFlag, clean, keepAlive, props);
        return new MqttConnectMessage(header(MqttMessageType.CONNECT, 0, frameLength), vh,
                new MqttConnectPayload(clientId, willProps, willTopic, willMessage, user, password));
    }

    // ---- PUBLISH -------------------------------------------------------------------------------------------

    private PublishPacket publish(int first, ByteBuf f) {
        int qos = (first >> 1) & 0x03;
        if (qos == 3) {
            throw new DecoderException("PUBLISH with QoS 3"); // [MQTT-3.3.1-4]
        }
        String topic = string(f);
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                throw new DecoderException("wildcard in a PUBLISH topic"); // [MQTT-3.3.2-2]
            }
        }
        int packetId = 0;
        if (qos > 0) {
            packetId = packetId(f);
        }
        MqttProperties props = level == 5 ? properties(f, Props.PUBLISH) : MqttProperties.NO_PROPERTIES;
        byte[] payload = new byte[f.readableBytes()];
        f.readBytes(payload);
        return new PublishPacket(topic, qos, (first & 0x08) != 0, (first & 0x01) != 0, packetId, props, payload);
    }

    // ---- acknowledgements ----------------------------------------------------------------------------------

    private MqttMessage ack(MqttMessageType type, int qos, ByteBuf f) {
        int id = packetId(f);
        int reason = 0;
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (f.isReadable()) {
            if (level < 5) {
                throw new DecoderException(type + " longer than 2 bytes");
            }
            reason = f.readUnsignedByte();
            if (f.isReadable()) {
                props = properties(f, Props.ACK);
            }
        }
        requireEmpty(f, type.name());
        return new MqttMessage(header(type, qos, frameLength),
                new MqttPubReplyMessageVariableHeader(id, (byte) reason, props));
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE ---------------------------------------------------------------------------

    private MqttSubscribeMessage subscribe(ByteBuf f) {
        int id = packetId(f);
        MqttProperties props = level == 5 ? properties(f, Props.SUBSCRIBE) : MqttProperties.NO_PROPERTIES;
        List<MqttTopicSubscription> subs = new ArrayList<>(2);
        while (f.isReadable()) {
            String filter = string(f);
            int options = f.readUnsignedByte();
            int qos = options & 0x03;
            if (qos == 3) {
                throw new DecoderException("subscription QoS 3"); // [MQTT-3.8.3-4]
            }
            if (level < 5 && (options & 0xFC) != 0) {
                throw new DecoderException("reserved bits set in subscription options"); // [MQTT-3-8.3-5]
            }
            int retainHandling = (options >> 4) & 0x03;
            if ((options & 0xC0) != 0 || retainHandling == 3) {
                throw new DecoderException("reserved subscription options"); // [MQTT-3.8.3-5]
            }
            subs.add(new MqttTopicSubscription(filter, new MqttSubscriptionOption(MqttQoS.valueOf(qos),
                    (options & 0x04) != 0, (options & 0x08) != 0,
                    MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(retainHandling))));
        }
        return new MqttSubscribeMessage(header(MqttMessageType.SUBSCRIBE, 1, frameLength),
                new MqttMessageIdAndPropertiesVariableHeader(id, props), new MqttSubscribePayload(subs));
    }

    private MqttUnsubscribeMessage unsubscribe(ByteBuf f) {
        int id = packetId(f);
        MqttProperties props = level == 5 ? properties(f, Props.UNSUBSCRIBE) : MqttProperties.NO_PROPERTIES;
        List<String> filters = new ArrayList<>(2);
        while (f.isReadable()) {
            filters.add(string(f));
        }
        return new MqttUnsubscribeMessage(header(MqttMessageType.UNSUBSCRIBE, 1, frameLength),
                new MqttMessageIdAndPropertiesVariableHeader(id, props), new MqttUnsubscribePayload(filters));
    }

    private MqttMessage reasonAndProperties(MqttMessageType type, ByteBuf f, Props allowed) {
        int reason = 0;
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (f.isReadable()) {
            if (level < 5) {
                throw new DecoderException(type + " with a payload");
            }
            reason = f.readUnsignedByte();
            if (f.isReadable()) {
                props = properties(f, allowed);
            }
        }
        requireEmpty(f, type.name());
        return new MqttMessage(header(type, 0, frameLength),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reason, props));
    }

    // ---- MQTT 5 properties ---------------------------------------------------------------------------------

    /** Which properties each packet may carry (MQTT 5 §2.2.2.2), as bit sets over property identifiers. */
    private enum Props {
        CONNECT(0x11, 0x21, 0x27, 0x22, 0x19, 0x17, 0x26, 0x15, 0x16),
        WILL(0x18, 0x01, 0x02, 0x03, 0x08, 0x09, 0x26),
        PUBLISH(0x01, 0x02, 0x23, 0x08, 0x09, 0x26, 0x0B, 0x03),
        ACK(0x1F, 0x26),
        SUBSCRIBE(0x0B, 0x26),
        UNSUBSCRIBE(0x26),
        DISCONNECT(0x11, 0x1F, 0x26, 0x1C),
        AUTH(0x15, 0x16, 0x1F, 0x26);

        final long allowed;

        Props(int... ids) {
            long bits = 0;
            for (int id : ids) {
                bits |= 1L << id;
            }
            this.allowed = bits;
        }

        boolean allows(int id) {
            return id < 64 && (allowed & (1L << id)) != 0;
        }
    }

    private MqttProperties properties(ByteBuf f, Props allowed) {
        int length = varInt(f);
        if (length == 0) {
            return MqttProperties.NO_PROPERTIES;
        }
        if (length > f.readableBytes()) {
            throw new DecoderException("properties run past the end of the packet");
        }
        int end = f.readerIndex() + length;
        MqttProperties props = new MqttProperties();
        long seen = 0;
        while (f.readerIndex() < end) {
            int id = varInt(f);
            if (!allowed.allows(id)) {
                throw new DecoderException("property 0x" + Integer.toHexString(id) + " is not allowed here");
            }
            if (id != MqttProperties.USER_PROPERTY && id != MqttProperties.SUBSCRIPTION_IDENTIFIER) {
                if ((seen & (1L << id)) != 0) {
                    throw new MqttProtocolException("property 0x" + Integer.toHexString(id) + " appears twice");
                }
                seen |= 1L << id;
            } else if (id == MqttProperties.SUBSCRIPTION_IDENTIFIER && (seen & (1L << id)) != 0
                    && allowed == Props.SUBSCRIBE) {
                throw new MqttProtocolException("more than one Subscription Identifier");
            } else {
                seen |= 1L << id;
            }
            switch (id) {
                case 0x01, 0x17, 0x19 -> {
                    int v = f.readUnsignedByte();
                    if (v > 1) {
                        throw new MqttProtocolException("property 0x" + Integer.toHexString(id) + " must be 0 or 1");
                    }
                    props.add(new MqttProperties.IntegerProperty(id, v));
                }
                case 0x21, 0x22, 0x23 -> props.add(new MqttProperties.IntegerProperty(id, f.readUnsignedShort()));
                case 0x02, 0x11, 0x18, 0x27 -> props.add(new MqttProperties.IntegerProperty(id, f.readInt()));
                case 0x0B -> {
                    int v = varInt(f);
                    if (v == 0) {
                        throw new MqttProtocolException("Subscription Identifier 0"); // [MQTT-3.8.2-2]
                    }
                    props.add(new MqttProperties.IntegerProperty(id, v));
                }
                case 0x03, 0x08, 0x15, 0x1C, 0x1F -> props.add(new MqttProperties.StringProperty(id, string(f)));
                case 0x09, 0x16 -> props.add(new MqttProperties.BinaryProperty(id, binary(f)));
                case 0x26 -> props.add(new MqttProperties.UserProperty(string(f), string(f)));
                default -> throw new DecoderException("unknown property 0x" + Integer.toHexString(id));
            }
        }
        if (f.readerIndex() != end) {
            throw new DecoderException("properties longer than their length");
        }
        return props;
    }

    // ---- primitives ----------------------------------------------------------------------------------------

    private static MqttFixedHeader header(MqttMessageType type, int qos, int remaining) {
        return new MqttFixedHeader(type, false, MqttQoS.valueOf(qos), false, remaining);
    }

    private static void requireFlags(int flags, int expected, String type) {
        if (flags != expected) {
            throw new DecoderException(type + " with fixed header flags " + flags); // [MQTT-2.2.2-2]
        }
    }

    private static void requireEmpty(ByteBuf f, String type) {
        if (f.isReadable()) {
            throw new DecoderException(f.readableBytes() + " unexpected bytes at the end of " + type);
        }
    }

    private static int packetId(ByteBuf f) {
        int id = f.readUnsignedShort();
        if (id == 0) {
            throw new DecoderException("packet identifier 0"); // [MQTT-2.3.1-1]
        }
        return id;
    }

    private static int varInt(ByteBuf f) {
        int value = 0;
        int multiplier = 1;
        for (int i = 0; i < 4; i++) {
            int digit = f.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                return value;
            }
            multiplier <<= 7;
        }
        throw new DecoderException("variable byte integer longer than 4 bytes");
    }

    private static byte[] binary(ByteBuf f) {
        int length = f.readUnsignedShort();
        if (length > f.readableBytes()) {
            throw new DecoderException("binary data runs past the end of the packet");
        }
        byte[] b = new byte[length];
        f.readBytes(b);
        return b;
    }

    /**
     * An MQTT UTF-8 string: well-formed UTF-8, no U+0000 [MQTT-1.5.4-1, -2]. ASCII (the usual case for topics and
     * client ids) is checked and copied in one pass.
     */
    private String string(ByteBuf f) {
        int length = f.readUnsignedShort();
        if (length > f.readableBytes()) {
            throw new DecoderException("string runs past the end of the packet");
        }
        int start = f.readerIndex();
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            byte b = f.getByte(start + i);
            if (b == 0) {
                throw new DecoderException("U+0000 in a UTF-8 string");
            }
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        String s;
        if (ascii) {
            s = f.toString(start, length, StandardCharsets.ISO_8859_1);
        } else {
            if (utf8 == null) {
                utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            try {
                s = utf8.reset().decode(f.nioBuffer(start, length)).toString();
            } catch (CharacterCodingException e) {
                throw new DecoderException("ill-formed UTF-8 string");
            }
            if (s.indexOf('\u0000') >= 0) {
                throw new DecoderException("U+0000 in a UTF-8 string");
            }
        }
        f.skipBytes(length);
        return s;
    }
}
