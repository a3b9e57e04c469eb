package io.osprey.bridge.core.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to the records of one rule, since the plugin started.
 * <ul>
 * <li>matched: events that matched the rule, so records made;</li>
 * <li>sent: records the remote side acknowledged;</li>
 * <li>failed: records the remote side refused for good, or (sync mode) that were not acknowledged within
 * {@code produce.sync_timeout} — their publisher was told the publish failed;</li>
 * <li>buffered: records written to the disk buffer (async path);</li>
 * <li>dropped: records given up before reaching the remote side: the buffer was full, or could not take them.</li>
 * </ul>
 */
public final class RuleCounters {

    final LongAdder matched = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder buffered = new LongAdder();
    final LongAdder dropped = new LongAdder();

    /** A point-in-time copy. */
    public record View(String rule, long matched, long sent, long failed, long buffered, long dropped) {
    }

    View view(String rule) {
        return new View(rule, matched.sum(), sent.sum(), failed.sum(), buffered.sum(), dropped.sum());
    }
}
