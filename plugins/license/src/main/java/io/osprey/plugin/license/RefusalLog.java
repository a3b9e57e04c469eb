package io.osprey.plugin.license;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused connections without flooding: when a fleet at the limit keeps reconnecting, one line per
 * {@link #INTERVAL_NANOS} says who was refused, why, and how many more were refused since the last line. The exact
 * counts are in the metrics {@code license.refused.quota} and {@code license.refused.expired}.
 */
final class RefusalLog {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionQuota.class);
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    private final AtomicLong suppressed = new AtomicLong();

    void refused(String clientId, String peer, String why) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            long more = suppressed.getAndSet(0);
            LOG.warn("Refused connection of client {} from {}: {}{}", clientId, peer, why,
                    more == 0 ? "" : " (" + more + " more refused since the last such line)");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
