package io.osprey.broker.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Accepts the CONNECT of a Mosquitto-style bridge, whose protocol level has the 0x80 bit set (0x83, 0x84, 0x85):
 * clears the bit so that Netty's decoder accepts it, and marks the channel as a bridge ({@link #BRIDGE}) so that
 * the broker applies loop prevention and keeps the RETAIN flag. Looks only at the first packet, then leaves the
 * pipeline.
 */
public final class BridgeLevelFilter extends ChannelInboundHandlerAdapter {

    /** Set to {@code TRUE} on a channel whose CONNECT announced a bridge. */
    public static final AttributeKey<Boolean> BRIDGE = AttributeKey.valueOf("osprey.bridge");

    /** Bytes needed at most to reach the protocol level: type, 4 length bytes, name length, "MQIsdp", level. */
    private static final int ENOUGH = 1 + 4 + 2 + 6 + 1;

    private ByteBuf head;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = in;
        if (head != null) {
            head.writeBytes(in);
            in.release();
            buf = head;
            head = null;
        }
        int level = levelIndex(buf);
        if (level == -2 && buf.readableBytes() < ENOUGH) {
            // not enough bytes yet to find the level: keep them and wait for more
            head = ctx.alloc().buffer(ENOUGH * 2);
            head.writeBytes(buf);
            buf.release();
            return;
        }
        if (level >= 0) {
            int b = buf.getUnsignedByte(level);
            if ((b & 0x80) != 0) {
                buf.setByte(level, b & 0x7F);
                ctx.channel().attr(BRIDGE).set(Boolean.TRUE);
            }
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(buf);
    }

    /** Index of the protocol level byte of a CONNECT, -1 if this is not one, -2 if more bytes are needed. */
    private static int levelIndex(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        if (i >= end) {
            return -2;
        }
        if ((buf.getUnsignedByte(i) & 0xF0) != 0x10) {
            return -1;
        }
        i++;
        for (int n = 0; n < 4; n++, i++) {
            if (i >= end) {
                return -2;
            }
            if ((buf.getUnsignedByte(i) & 0x80) == 0) {
                i++;
                break;
            }
        }
        if (i + 2 > end) {
            return -2;
        }
        int nameLength = buf.getUnsignedShort(i);
        if (nameLength > 6) {
            return -1;
        }
        int level = i + 2 + nameLength;
        return level < end ? level : -2;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (head != null) {
            head.release();
            head = null;
        }
    }
}
