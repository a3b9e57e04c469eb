package io.osprey.plugin.rabbitmq.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.BridgeConfig;
import io.osprey.bridge.core.buffer.BufferSettings;
import io.osprey.bridge.core.event.PayloadEncoding;
import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.bridge.core.send.ProduceSettings;
import io.osprey.plugin.rabbitmq.record.AmqpRecord;
import io.osprey.plugin.rabbitmq.rule.AmqpRule;
import io.osprey.plugin.rabbitmq.rule.RuleParser;

/**
 * One immutable snapshot of {@code etc/osprey.bridge.rabbit.cfg}. Bad values are reported through the reader (file,
 * line, key, value, expectation) and read as their defaults.
 */
public record RabbitSettings(ProduceMode mode, Duration syncTimeout, PayloadEncoding payloadEncoding,
                             ConnectionSettings connection, BufferSettings buffer, List<AmqpRule> rules)
        implements BridgeConfig<AmqpRecord, RabbitSettings> {

    /** The configuration name used for environment overrides: {@code OSPREY_BRIDGE_RABBIT__<KEY>}. */
    public static final String NAME = "bridge.rabbit";

    /** @param home the node's home folder, against which relative certificate paths are resolved */
    public static RabbitSettings read(ConfigReader r, Path home) {
        ProduceSettings produce = ProduceSettings.read(r);
        ConnectionSettings connection = ConnectionSettings.read(r, home);
        BufferSettings buffer = BufferSettings.read(r);
        List<AmqpRule> rules = RuleParser.read(r);
        return new RabbitSettings(produce.mode(), produce.syncTimeout(), produce.payloadEncoding(), connection, buffer,
                List.copyOf(rules));
    }

    @Override
    public List<String> servers() {
        return connection.servers();
    }

    @Override
    public boolean needsReconnect(RabbitSettings next) {
        return mode != next.mode || !syncTimeout.equals(next.syncTimeout) || !connection.equals(next.connection);
    }
}
