package io.osprey.bridge.core;

import java.util.List;
import java.util.Map;

import io.osprey.bridge.core.buffer.QueueStats;
import io.osprey.bridge.core.stats.RuleCounters;

/**
 * What {@code ctl <bridge> status} and {@code GET /api/v4/<bridge>/status} show, the same for every bridge.
 *
 * @param state        {@code connecting}, {@code connected}, {@code disconnected} or {@code stopped}
 * @param servers      where the bridge connects to
 * @param lastError    the last error seen (remote side unreachable, a refused record, …), or {@code null}
 * @param inFlight     records sent and not acknowledged yet
 * @param writePending records handed to the buffer's writer and not on disk yet
 * @param extra        facts only this kind of bridge has (e.g. messages received from a remote MQTT broker), in
 *                     display order
 */
public record BridgeStatus(String state, List<String> servers, String produce, String lastError, long lastErrorAt,
                           long lastSentAt, int inFlight, int writePending, QueueStats buffer,
                           List<RuleCounters.View> rules, Map<String, Object> extra) {

    public BridgeStatus(String state, List<String> servers, String produce, String lastError, long lastErrorAt,
                        long lastSentAt, int inFlight, int writePending, QueueStats buffer,
                        List<RuleCounters.View> rules) {
        this(state, servers, produce, lastError, lastErrorAt, lastSentAt, inFlight, writePending, buffer, rules,
                Map.of());
    }
}
