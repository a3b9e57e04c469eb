package io.osprey.plugin.mqttbridge.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Sets the bridge bit (0x80) of the protocol level in the encoded CONNECT ({@code bridge_mode = on}, MQTT 3.1 and
 * 3.1.1 only): Mosquitto and EMQX then treat the connection as a bridge and send nothing back that it published —
 * what MQTT 5 calls No Local. Netty's encoder has no such option, so this handler patches the one byte of the
 * first packet written (always the CONNECT) and removes itself.
 */
final class BridgeBit extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ByteBuf b && b.readableBytes() > 2 && (b.getByte(b.readerIndex()) & 0xF0) == 0x10) {
            int i = b.readerIndex() + 1;
            while ((b.getByte(i) & 0x80) != 0) {
                i++; // remaining length: up to 4 bytes, the last without the continuation bit
            }
            int nameLength = b.getUnsignedShort(i + 1);
            int level = i + 3 + nameLength;
            b.setByte(level, b.getByte(level) | 0x80);
            ctx.pipeline().remove(this);
        }
        ctx.write(msg, promise);
    }
}
