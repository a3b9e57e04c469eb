package io.osprey.broker.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.metrics.Metrics;

/** Counts bytes read and written on the wire ({@code bytes.received}, {@code bytes.sent}). One per broker. */
@ChannelHandler.Sharable
public final class ByteCounter extends ChannelDuplexHandler {

    private final Metrics metrics;

    public ByteCounter(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            metrics.add(Metric.BYTES_RECEIVED, b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            metrics.add(Metric.BYTES_SENT, b.readableBytes());
            metrics.inc(Metric.PACKETS_SENT);
        }
        ctx.write(msg, promise);
    }
}
