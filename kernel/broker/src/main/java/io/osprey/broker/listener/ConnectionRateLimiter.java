package io.osprey.broker.listener;

/**
 * {@code max_conn_rate}: new connections a listener accepts per second (a token bucket with a burst of one second's
 * worth). Called from the acceptor thread only.
 */
final class ConnectionRateLimiter {

    private double tokens = -1;
    private long last = System.nanoTime();

    /** @return {@code true} if one more connection may be accepted now */
    synchronized boolean tryAcquire(int perSecond) {
        if (perSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        if (tokens < 0) {
            tokens = perSecond;
        } else {
            tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1_000_000_000.0);
        }
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
