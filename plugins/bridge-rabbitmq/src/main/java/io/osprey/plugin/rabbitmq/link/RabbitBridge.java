package io.osprey.plugin.rabbitmq.link;

import java.io.IOException;
import java.nio.file.Path;

import io.osprey.bridge.core.BridgeEngine;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.plugin.rabbitmq.config.RabbitSettings;
import io.osprey.plugin.rabbitmq.record.AmqpCodec;
import io.osprey.plugin.rabbitmq.record.AmqpRecord;

/**
 * The RabbitMQ bridge, free of OSGi: the bridge core's {@link BridgeEngine} (rules, disk buffer, replay, sync/async)
 * over AMQP messages and a {@link RabbitLink}, replaced when the connection settings change.
 */
public final class RabbitBridge extends BridgeEngine<AmqpRecord, RabbitSettings> {

    static final String LABEL = "RabbitMQ bridge";

    /** @throws IOException when the buffer in {@code dataDir/queue} cannot be opened */
    public RabbitBridge(RabbitSettings settings, String node, Path dataDir, BridgeCounters counters)
            throws IOException {
        super(LABEL, "osprey-bridge-rabbitmq", settings, node, dataDir, counters, AmqpCodec.INSTANCE,
                (s, queue, c) -> new RabbitLink(s.connection(), s.mode(), s.syncTimeout(), queue, c));
    }
}
