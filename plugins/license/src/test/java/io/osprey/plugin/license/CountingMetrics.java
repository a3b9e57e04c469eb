package io.osprey.plugin.license;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.osprey.api.service.MetricsService;

/** A {@link MetricsService} that keeps the counters plugins add. */
final class CountingMetrics implements MetricsService {

    private final Map<String, Long> counters = new ConcurrentHashMap<>();

    @Override
    public Map<String, Long> metrics() {
        return Map.copyOf(counters);
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of();
    }

    @Override
    public long value(String name) {
        return counters.getOrDefault(name, 0L);
    }

    @Override
    public void increment(String name, long delta) {
        counters.merge(name, delta, Long::sum);
    }
}
