package io.osprey.plugin.kafka.produce;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.osprey.bridge.core.stats.LinkStatus;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka producer of a link, created on first use by a sender thread (never on a broker thread: building a
 * producer resolves host names and takes a while). When creation fails — a bootstrap host that does not resolve, a
 * bad {@code kafka.*} setting — it is logged once and tried again later with a growing pause, while records wait on
 * disk. A producer left in an unusable state is {@link #reset} and rebuilt.
 */
public final class ProducerHandle {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerHandle.class);
    private static final long FIRST_RETRY_MS = 1000;
    private static final long MAX_RETRY_MS = 30_000;

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final LinkStatus status;
    private final String servers;
    private Producer<byte[], byte[]> producer;
    private long retryAt;
    private long retryDelay = FIRST_RETRY_MS;
    private boolean closed;

    public ProducerHandle(Supplier<Producer<byte[], byte[]>> factory, LinkStatus status, String servers) {
        this.factory = factory;
        this.status = status;
        this.servers = servers;
    }

    /** The producer, created if needed; {@code null} while it cannot be created or after {@link #close}. */
    public synchronized Producer<byte[], byte[]> get() {
        if (closed) {
            return null;
        }
        if (producer != null) {
            return producer;
        }
        long now = System.currentTimeMillis();
        if (now < retryAt) {
            return null;
        }
        try {
            producer = factory.get();
            retryDelay = FIRST_RETRY_MS;
            LOG.info("Kafka bridge producer created for {}", servers);
            return producer;
        } catch (RuntimeException | LinkageError e) {
            String why = "cannot create the Kafka producer for " + servers + ": " + e;
            if (retryDelay == FIRST_RETRY_MS) {
                LOG.error("Kafka bridge: {}; trying again every few seconds, records wait in the buffer", why, e);
            }
            status.error(why);
            retryAt = now + retryDelay;
            retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2);
            return null;
        }
    }

    /** Throws {@code p} away (when it is still the current one) so that the next {@link #get} builds a new one. */
    public void reset(Producer<byte[], byte[]> p, String reason) {
        synchronized (this) {
            if (producer != p || p == null) {
                return;
            }
            producer = null;
        }
        LOG.warn("Kafka bridge: rebuilding the producer: {}", reason);
        try {
            p.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debug("Closing the old producer failed", e);
        }
    }

    /** Open connections of the producer to Kafka, or -1 when unknown. */
    public int connectionCount() {
        Producer<byte[], byte[]> p;
        synchronized (this) {
            p = producer;
        }
        if (p == null) {
            return 0;
        }
        try {
            for (Map.Entry<MetricName, ? extends Metric> e : p.metrics().entrySet()) {
                MetricName n = e.getKey();
                if (n.name().equals("connection-count") && n.group().equals("producer-metrics")) {
                    Object v = e.getValue().metricValue();
                    return v instanceof Number num ? num.intValue() : -1;
                }
            }
        } catch (RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Closes the producer, giving records in flight up to {@code timeout} to be acknowledged. */
    public void close(Duration timeout) {
        Producer<byte[], byte[]> p;
        synchronized (this) {
            closed = true;
            p = producer;
            producer = null;
        }
        if (p != null) {
            try {
                p.close(timeout);
            } catch (RuntimeException e) {
                LOG.warn("Kafka bridge: closing the producer failed: {}", e.toString());
            }
        }
    }
}
