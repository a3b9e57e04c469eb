package io.osprey.broker.listener;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * {@code rate_limit = <bytes/s>,<burst>} of one connection: a token bucket over the bytes read from the socket. Bytes
 * beyond the bucket are held here and passed on as tokens come back, and the connection stops reading meanwhile —
 * the client is slowed by TCP backpressure, never has bytes dropped. Runs on the channel's event loop.
 */
public final class ByteRateLimiter extends ChannelInboundHandlerAdapter {

    private final long ratePerSecond;
    private final long burst;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private double tokens;
    private long last = System.nanoTime();
    private boolean scheduled;

    public ByteRateLimiter(long ratePerSecond, long burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf b)) {
            ctx.fireChannelRead(msg);
            return;
        }
        held.add(b);
        release(ctx);
    }

    /** Passes on as many held bytes as there are tokens; pauses reading and reschedules for the rest. */
    private void release(ChannelHandlerContext ctx) {
        refill();
        boolean passed = false;
        ByteBuf head;
        while ((head = held.peek()) != null && tokens >= 1) {
            int n = (int) Math.min(head.readableBytes(), (long) tokens);
            tokens -= n;
            if (n == head.readableBytes()) {
                held.poll();
                ctx.fireChannelRead(head);
            } else {
                ctx.fireChannelRead(head.readRetainedSlice(n));
            }
            passed = true;
        }
        if (passed) {
            ctx.fireChannelReadComplete();
        }
        ReadGate gate = ReadGate.of(ctx.channel());
        if (held.isEmpty()) {
            gate.open(ReadGate.BYTE_RATE);
        } else {
            gate.close(ReadGate.BYTE_RATE);
            if (!scheduled) {
                scheduled = true;
                long waitNanos = Math.max(1_000_000L, (long) ((1 - tokens) * 1_000_000_000L / ratePerSecond)
                        + 1_000_000L);
                ctx.executor().schedule(() -> {
                    scheduled = false;
                    if (ctx.channel().isActive()) {
                        release(ctx);
                    }
                }, waitNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // read-complete is fired when held bytes are released
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * ratePerSecond / 1_000_000_000.0);
        last = now;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf b;
        while ((b = held.poll()) != null) {
            b.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
