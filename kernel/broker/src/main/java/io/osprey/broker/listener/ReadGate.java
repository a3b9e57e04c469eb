package io.osprey.broker.listener;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Who currently wants a connection to stop reading: a waiting hook, the byte rate limiter, the message rate limiter.
 * Reading resumes only when nobody holds the gate, so one reason's end does not cancel another's pause.
 * Used only on the channel's event loop.
 */
public final class ReadGate {

    public static final int HOOK = 1;
    public static final int BYTE_RATE = 2;
    public static final int MESSAGE_RATE = 4;

    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf("osprey.readgate");

    private final Channel channel;
    private int holders;

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    public static ReadGate of(Channel channel) {
        ReadGate g = channel.attr(KEY).get();
        if (g == null) {
            g = new ReadGate(channel);
            channel.attr(KEY).set(g);
        }
        return g;
    }

    public void close(int reason) {
        holders |= reason;
        channel.config().setAutoRead(false);
    }

    /** @return {@code true} if reading resumed (no other holder) */
    public boolean open(int reason) {
        holders &= ~reason;
        if (holders == 0 && channel.isActive()) {
            channel.config().setAutoRead(true);
            channel.read();
            return true;
        }
        return false;
    }

    public boolean isOpen() {
        return holders == 0;
    }
}
