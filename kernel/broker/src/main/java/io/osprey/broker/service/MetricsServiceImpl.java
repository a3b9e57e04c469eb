package io.osprey.broker.service;

import java.util.Map;

import io.osprey.api.service.MetricsService;
import io.osprey.broker.metrics.Metrics;
import io.osprey.broker.metrics.Stats;

/** {@link MetricsService}: counters from {@link Metrics}, gauges from {@link Stats}. */
public final class MetricsServiceImpl implements MetricsService {

    private final Metrics metrics;
    private final Stats stats;

    public MetricsServiceImpl(Metrics metrics, Stats stats) {
        this.metrics = metrics;
        this.stats = stats;
    }

    @Override
    public Map<String, Long> metrics() {
        return metrics.snapshot();
    }

    @Override
    public Map<String, Long> stats() {
        return stats.snapshot();
    }

    @Override
    public long value(String name) {
        if (name.endsWith(".count") || name.endsWith(".max")) {
            Long v = stats.snapshot().get(name);
            if (v != null) {
                return v;
            }
        }
        return metrics.get(name);
    }

    @Override
    public void increment(String name, long delta) {
        metrics.add(name, delta);
    }
}
