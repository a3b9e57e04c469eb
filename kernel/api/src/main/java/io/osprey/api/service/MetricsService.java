package io.osprey.api.service;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Read the broker's metrics (monotonic counters, e.g. {@code messages.received}) and stats (gauges with their
 * maximum, e.g. {@code connections.count}, {@code connections.max}). Names follow EMQX 4.
 */
@ProviderType
public interface MetricsService {

    /** A snapshot of all counters, by name. */
    Map<String, Long> metrics();

    /** A snapshot of all gauges, by name. */
    Map<String, Long> stats();

    /** One counter or gauge, or 0 when unknown. */
    long value(String name);

    /**
     * Adds to a plugin's own counter, which then appears in {@link #metrics()}, {@code ctl broker metrics} and
     * {@code GET /api/v4/metrics}. Name it after the plugin, e.g. {@code webhook.dropped}. Thread-safe and cheap.
     */
    void increment(String name, long delta);
}
