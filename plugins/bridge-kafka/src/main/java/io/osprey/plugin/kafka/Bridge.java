package io.osprey.plugin.kafka;

import java.io.IOException;
import java.nio.file.Path;

import io.osprey.bridge.core.BridgeEngine;
import io.osprey.bridge.core.buffer.ReplayQueue;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.plugin.kafka.config.BridgeSettings;
import io.osprey.plugin.kafka.produce.KafkaLink;
import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.record.RecordCodec;

/**
 * The Kafka bridge, free of OSGi: the bridge core's {@link BridgeEngine} (rules, disk buffer, replay, sync/async)
 * over Kafka records and a {@link KafkaLink}, replaced when the connection settings change.
 */
public final class Bridge extends BridgeEngine<BridgeRecord, BridgeSettings> {

    /** Builds the link for a configuration (tests pass one over a mock producer). */
    @FunctionalInterface
    public interface LinkFactory extends BridgeEngine.LinkFactory<BridgeRecord, BridgeSettings> {
        @Override
        KafkaLink create(BridgeSettings settings, ReplayQueue queue, BridgeCounters counters);
    }

    /**
     * Opens the buffer in {@code dataDir/queue} and starts sending.
     *
     * @throws IOException when the buffer cannot be opened
     */
    public Bridge(BridgeSettings settings, String node, Path dataDir, BridgeCounters counters, LinkFactory links)
            throws IOException {
        super("Kafka bridge", "osprey-bridge-kafka", settings, node, dataDir, counters, RecordCodec.CODEC, links);
    }

    /** The default link: a real Kafka producer. */
    public static KafkaLink realLink(BridgeSettings s, ReplayQueue queue, BridgeCounters counters) {
        return new KafkaLink(s.producer(), s.mode(), s.syncTimeout(), queue, counters);
    }
}
