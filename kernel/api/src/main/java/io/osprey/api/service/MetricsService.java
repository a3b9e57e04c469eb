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
}
