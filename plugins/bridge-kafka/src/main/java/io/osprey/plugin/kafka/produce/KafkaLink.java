package io.osprey.plugin.kafka.produce;

import java.time.Duration;
import java.util.function.Supplier;

import io.osprey.bridge.core.buffer.ReplayQueue;
import io.osprey.bridge.core.send.Link;
import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.plugin.kafka.config.ProducerSettings;
import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.record.RecordCodec;
import org.apache.kafka.clients.producer.Producer;

/**
 * One connection to Kafka with one set of {@link ProducerSettings}: the bridge core's {@link Link} (replay and sync
 * senders) over a {@link KafkaSink}. A configuration change that touches the connection closes the link and opens
 * a new one over the same buffer.
 */
public final class KafkaLink extends Link<BridgeRecord> {

    private final ProducerSettings settings;

    public KafkaLink(ProducerSettings settings, ProduceMode mode, Duration syncTimeout, ReplayQueue queue,
                     BridgeCounters counters) {
        this(settings, mode, syncTimeout, queue, counters,
                () -> KafkaProducers.create(ProducerProperties.of(settings, mode, syncTimeout)));
    }

    /** @param factory builds the producer (tests pass a mock) */
    public KafkaLink(ProducerSettings settings, ProduceMode mode, Duration syncTimeout, ReplayQueue queue,
                     BridgeCounters counters, Supplier<Producer<byte[], byte[]>> factory) {
        super(status -> new KafkaSink(new ProducerHandle(factory, status, String.join(",", settings.servers()))),
                RecordCodec.CODEC, mode, syncTimeout, queue, counters, settings.maxInflight(), "Kafka bridge",
                "osprey-bridge-kafka");
        this.settings = settings;
    }

    public ProducerSettings settings() {
        return settings;
    }
}
