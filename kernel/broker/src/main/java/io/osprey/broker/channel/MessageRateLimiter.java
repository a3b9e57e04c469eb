package io.osprey.broker.channel;

/**
 * {@code messages_rate}: PUBLISH packets per second one connection may send, as a token bucket with one second of
 * burst. Over the rate, the connection pauses reading until a token is back — the client is slowed, not dropped.
 * Used on the connection's thread only.
 */
final class MessageRateLimiter {

    private final int perSecond;
    private double tokens;
    private long last = System.nanoTime();

    MessageRateLimiter(int perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
    }

    /** Takes a token; @return nanoseconds to wait before reading more, 0 when within the rate */
    long acquire() {
        long now = System.nanoTime();
        tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1_000_000_000.0);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) (-tokens * 1_000_000_000L / perSecond);
    }
}
