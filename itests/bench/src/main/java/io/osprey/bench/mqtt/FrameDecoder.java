package io.osprey.bench.mqtt;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Splits the bytes a broker sends into MQTT packets and hands each to a typed callback, reading fields in place from
 * the cumulation buffer. Nothing is allocated per packet (unlike Netty's {@code MqttDecoder}), which keeps a
 * subscriber receiving hundreds of thousands of messages a second cheap. Only the packets a broker sends to a client
 * are understood; anything else is a protocol error.
 */
public abstract class FrameDecoder extends ByteToMessageDecoder {

    private final boolean v5;
    private final int maxPacketSize;

    protected FrameDecoder(boolean v5, int maxPacketSize) {
        this.v5 = v5;
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        beforeFrames();
        while (true) {
            int start = in.readerIndex();
            int limit = in.writerIndex();
            if (limit - start < 2) {
                return;
            }
            int i = start + 1;
            int remaining = 0;
            int shift = 0;
            int b;
            do {
                if (i >= limit) {
                    return;
                }
                if (shift > 21) {
                    throw new CorruptedFrameException("remaining length longer than 4 bytes");
                }
                b = in.getUnsignedByte(i++);
                remaining |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (remaining > maxPacketSize) {
                throw new CorruptedFrameException("packet of " + remaining + " bytes exceeds " + maxPacketSize);
            }
            if (limit - i < remaining) {
                return;
            }
            int first = in.getUnsignedByte(start);
            in.readerIndex(i + remaining);
            dispatch(in, first, i, remaining);
            if (ctx.isRemoved()) {
                return;
            }
        }
    }

    private void dispatch(ByteBuf in, int first, int body, int length) {
        int type = first >>> 4;
        switch (type) {
            case Packets.CONNACK -> {
                int reason = in.getUnsignedByte(body + 1);
                int receiveMaximum = 65535;
                if (v5 && length > 2) {
                    receiveMaximum = Properties.receiveMaximum(in, body + 2, body + length);
                }
                onConnack(reason, receiveMaximum);
            }
            case Packets.PUBLISH -> {
                int qos = (first >>> 1) & 0x03;
                int p = body + 2 + in.getUnsignedShort(body);
                int packetId = 0;
                if (qos > 0) {
                    packetId = in.getUnsignedShort(p);
                    p += 2;
                }
                if (v5) {
                    p = Properties.skip(in, p);
                }
                int end = body + length;
                if (p > end || qos == 3) {
                    throw new CorruptedFrameException("malformed PUBLISH");
                }
                onPublish(in, qos, (first & 0x08) != 0, packetId, p, end - p);
            }
            case Packets.PUBACK, Packets.PUBREC, Packets.PUBREL, Packets.PUBCOMP ->
                    onAck(type, in.getUnsignedShort(body), length > 2 ? in.getUnsignedByte(body + 2) : 0);
            case Packets.SUBACK -> {
                int p = body + 2;
                if (v5) {
                    p = Properties.skip(in, p);
                }
                onSuback(in.getUnsignedShort(body), p < body + length ? in.getUnsignedByte(p) : 0x80);
            }
            case Packets.UNSUBACK -> {
                // the tool never unsubscribes; a stray UNSUBACK is harmless
            }
            case Packets.PINGRESP -> onPingresp();
            case Packets.DISCONNECT -> onDisconnect(length > 0 ? in.getUnsignedByte(body) : 0);
            default -> throw new CorruptedFrameException("unexpected packet type " + type + " from the broker");
        }
    }

    /** Called once per batch of received bytes, before its packets (a place to read the clock once). */
    protected void beforeFrames() {
    }

    /** @param receiveMaximum the broker's MQTT 5 Receive Maximum (65535 when absent or 3.1.1) */
    protected abstract void onConnack(int reasonCode, int receiveMaximum);

    /** @param returnCode the SUBACK code of the (only) filter: granted QoS, or 0x80 and above for a failure */
    protected abstract void onSuback(int packetId, int returnCode);

    /**
     * A PUBLISH; the payload is {@code length} bytes at {@code payloadIndex} of {@code buf}, valid during the call.
     */
    protected abstract void onPublish(ByteBuf buf, int qos, boolean dup, int packetId, int payloadIndex, int length);

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with its MQTT 5 reason code (0 when absent). */
    protected abstract void onAck(int type, int packetId, int reasonCode);

    protected abstract void onPingresp();

    /** An MQTT 5 DISCONNECT from the broker. */
    protected abstract void onDisconnect(int reasonCode);
}
