package io.osprey.broker.listener;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs connections refused because they reached a PROXY protocol listener from an address that is not one of its
 * trusted load balancers. A warning names the first peer; while more arrive within a minute they are counted and
 * summed up in the next warning, so a flood of forged headers cannot flood the log.
 */
final class UntrustedProxyLog {

    private static final Logger LOG = LoggerFactory.getLogger(MqttListener.class);
    private static final long INTERVAL_MILLIS = 60_000;

    private final AtomicLong lastWarning = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    void refused(String listener, InetSocketAddress peer) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last < INTERVAL_MILLIS || !lastWarning.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long more = suppressed.getAndSet(0);
        LOG.warn("Listener {} closed a connection from {}: it expects PROXY protocol headers only from the addresses "
                + "in proxy_protocol_trusted{}", listener, peer.getAddress().getHostAddress(),
                more > 0 ? " (" + more + " more such connections in the last minute)" : "");
    }
}
