package io.osprey.bridge.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.osprey.bridge.core.buffer.QueueStats;
import io.osprey.bridge.core.stats.RuleCounters;

/**
 * A {@link BridgeStatus} as {@code ctl} prints it (a summary, the buffer, one table row per rule) and as JSON for
 * {@code ctl --json} and the HTTP API (snake_case keys, like the other Osprey and EMQX views). Every bridge shows
 * the same layout.
 *
 * @param label      the bridge as the first line names it, e.g. {@code Kafka bridge}
 * @param remote     what records are sent to, e.g. {@code Kafka}
 * @param configFile where rules are added, for the hint shown when there are none
 * @param rulesName  what the table's first column holds, e.g. {@code rule}
 */
public record StatusView(String label, String remote, String configFile, String rulesName) {

    public StatusView(String label, String remote, String configFile) {
        this(label, remote, configFile, "rule");
    }

    public static Map<String, Object> data(BridgeStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state());
        m.put("servers", s.servers());
        m.put("produce", s.produce());
        m.put("last_error", s.lastError());
        m.put("last_error_at", s.lastErrorAt());
        m.put("last_sent_at", s.lastSentAt());
        m.put("in_flight", s.inFlight());
        m.put("write_pending", s.writePending());
        QueueStats b = s.buffer();
        Map<String, Object> buffer = new LinkedHashMap<>();
        buffer.put("records", b.records());
        buffer.put("bytes", b.bytes());
        buffer.put("max_bytes", b.maxBytes());
        buffer.put("segments", b.segments());
        buffer.put("dropped", b.dropped());
        m.put("buffer", buffer);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleCounters.View v : s.rules()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rule", v.rule());
            r.put("matched", v.matched());
            r.put("sent", v.sent());
            r.put("failed", v.failed());
            r.put("buffered", v.buffered());
            r.put("dropped", v.dropped());
            rules.add(r);
        }
        m.put("rules", rules);
        m.putAll(s.extra());
        return m;
    }

    public String text(BridgeStatus s) {
        StringBuilder out = new StringBuilder();
        out.append(label).append(": ").append(s.state()).append(" (").append(String.join(",", s.servers()))
                .append("), produce = ").append(s.produce()).append('\n');
        if (s.lastError() != null) {
            out.append("last error:   ").append(s.lastError()).append(" (").append(Instant.ofEpochMilli(s.lastErrorAt()))
                    .append(")\n");
        }
        if (s.lastSentAt() > 0) {
            out.append("last sent:    ").append(Instant.ofEpochMilli(s.lastSentAt())).append('\n');
        }
        for (Map.Entry<String, Object> e : s.extra().entrySet()) {
            out.append(String.format(Locale.ROOT, "%-13s ", e.getKey().replace('_', ' ') + ":")).append(e.getValue())
                    .append('\n');
        }
        QueueStats b = s.buffer();
        out.append("buffer:       ").append(b.records()).append(" records, ").append(size(b.bytes())).append(" of ")
                .append(size(b.maxBytes())).append(" on disk in ").append(b.segments()).append(" segments; ")
                .append(s.inFlight()).append(" in flight to ").append(remote).append(", ").append(s.writePending())
                .append(" not on disk yet\n");
        List<List<?>> rows = new ArrayList<>();
        for (RuleCounters.View v : s.rules()) {
            rows.add(List.of(v.rule(), v.matched(), v.sent(), v.failed(), v.buffered(), v.dropped()));
        }
        if (rows.isEmpty()) {
            out.append("no ").append(rulesName).append("s: add them to ").append(configFile).append('\n');
        } else {
            out.append('\n').append(io.osprey.api.service.CommandResult.renderTable(
                    List.of(rulesName, "matched", "sent", "failed", "buffered", "dropped"), rows));
        }
        return out.toString();
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / (double) (1L << 10));
        }
        return bytes + " B";
    }
}
