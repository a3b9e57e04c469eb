package io.osprey.plugin.kafka;

import java.util.List;

import io.osprey.plugin.kafka.queue.QueueStats;
import io.osprey.plugin.kafka.stats.RuleCounters;

/**
 * What {@code ctl bridge-kafka status} and {@code GET /api/v4/bridge-kafka/status} show.
 *
 * @param state        {@code connecting}, {@code connected}, {@code disconnected} or {@code stopped}
 * @param lastError    the last error seen (Kafka unreachable, a refused record, …), or {@code null}
 * @param inFlight     records handed to the producer and not acknowledged yet
 * @param writePending records handed to the buffer's writer and not on disk yet
 */
public record BridgeStatus(String state, List<String> servers, String produce, String lastError, long lastErrorAt,
                           long lastSentAt, int inFlight, int writePending, QueueStats buffer,
                           List<RuleCounters.View> rules) {
}
