package io.osprey.plugin.kafka.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.BridgeConfig;
import io.osprey.bridge.core.buffer.BufferSettings;
import io.osprey.bridge.core.event.PayloadEncoding;
import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.bridge.core.send.ProduceSettings;
import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.rule.Rule;
import io.osprey.plugin.kafka.rule.RuleParser;

/**
 * One immutable snapshot of {@code etc/osprey.bridge.kafka.cfg}. Read with {@link #read}: bad values are reported
 * through the reader (file, line, key, value, expectation) and read as their defaults.
 *
 * @param syncTimeout how long a publisher waits for Kafka in {@code sync} mode before its publish fails
 */
public record BridgeSettings(ProduceMode mode, Duration syncTimeout, PayloadEncoding payloadEncoding,
                             ProducerSettings producer, BufferSettings buffer, List<Rule> rules)
        implements BridgeConfig<BridgeRecord, BridgeSettings> {

    /** The configuration name used for environment overrides: {@code OSPREY_BRIDGE_KAFKA__<KEY>}. */
    public static final String NAME = "bridge.kafka";

    /** @param home the node's home folder, against which relative certificate paths are resolved */
    public static BridgeSettings read(ConfigReader r, Path home) {
        ProduceSettings produce = ProduceSettings.read(r);
        ProducerSettings producer = ProducerSettings.read(r, home);
        BufferSettings buffer = BufferSettings.read(r);
        List<Rule> rules = RuleParser.read(r);
        return new BridgeSettings(produce.mode(), produce.syncTimeout(), produce.payloadEncoding(), producer, buffer,
                List.copyOf(rules));
    }

    @Override
    public List<String> servers() {
        return producer.servers();
    }

    /** Does going from this snapshot to {@code next} need a new Kafka producer? */
    @Override
    public boolean needsReconnect(BridgeSettings next) {
        return mode != next.mode || !syncTimeout.equals(next.syncTimeout) || !producer.equals(next.producer);
    }
}
