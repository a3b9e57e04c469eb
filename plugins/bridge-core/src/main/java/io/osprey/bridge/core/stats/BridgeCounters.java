package io.osprey.bridge.core.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.osprey.api.service.MetricsService;

/**
 * Per-rule counters ({@link RuleCounters}), kept by rule id across reconfigurations, and their totals as node
 * metrics ({@code <prefix>matched}, {@code .sent}, {@code .failed}, {@code .buffered}, {@code .dropped}, e.g.
 * {@code bridge-kafka.sent}) so that {@code ctl broker metrics} and {@code GET /api/v4/metrics} show them (and any
 * exporter that reads the node's metrics). Thread-safe and cheap.
 */
public final class BridgeCounters {

    private final Map<String, RuleCounters> byRule = new ConcurrentHashMap<>();
    private final String prefix;
    private final MetricsService metrics;

    /**
     * @param prefix  of the node metrics, e.g. {@code bridge-kafka.}
     * @param metrics where totals go, or {@code null}
     */
    public BridgeCounters(String prefix, MetricsService metrics) {
        this.prefix = prefix;
        this.metrics = metrics;
    }

    private RuleCounters of(String rule) {
        RuleCounters c = byRule.get(rule);
        return c != null ? c : byRule.computeIfAbsent(rule, r -> new RuleCounters());
    }

    public void matched(String rule) {
        of(rule).matched.increment();
        total("matched", 1);
    }

    public void sent(String rule) {
        of(rule).sent.increment();
        total("sent", 1);
    }

    public void failed(String rule) {
        of(rule).failed.increment();
        total("failed", 1);
    }

    public void buffered(String rule) {
        of(rule).buffered.increment();
        total("buffered", 1);
    }

    public void dropped(String rule, long n) {
        of(rule).dropped.add(n);
        total("dropped", n);
    }

    private void total(String what, long n) {
        if (metrics != null) {
            metrics.increment(prefix + what, n);
        }
    }

    /** Every rule seen so far, sorted by id. */
    public List<RuleCounters.View> snapshot() {
        List<RuleCounters.View> out = new ArrayList<>();
        byRule.forEach((rule, c) -> out.add(c.view(rule)));
        out.sort((a, b) -> a.rule().compareTo(b.rule()));
        return out;
    }

    /** One rule's counters (zeros when it never counted anything). */
    public RuleCounters.View get(String rule) {
        RuleCounters c = byRule.get(rule);
        return c == null ? new RuleCounters.View(rule, 0, 0, 0, 0, 0) : c.view(rule);
    }
}
