package io.osprey.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Errors by reason ("connect: Connection refused", "SUBACK refused 0x87" …), so that a failed run says why in a
 * few lines instead of one line per client. Only the first {@value #MAX_REASONS} distinct reasons are kept.
 */
public final class ErrorLog {

    private static final int MAX_REASONS = 50;

    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

    public void record(String reason) {
        LongAdder a = reasons.get(reason);
        if (a == null) {
            if (reasons.size() >= MAX_REASONS) {
                reason = "other errors";
            }
            a = reasons.computeIfAbsent(reason, k -> new LongAdder());
        }
        a.increment();
    }

    /** Reasons with their counts, most frequent first. */
    public List<Map.Entry<String, Long>> top(int n) {
        List<Map.Entry<String, Long>> out = new ArrayList<>();
        reasons.forEach((k, v) -> out.add(Map.entry(k, v.sum())));
        out.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        return out.size() > n ? out.subList(0, n) : out;
    }
}
