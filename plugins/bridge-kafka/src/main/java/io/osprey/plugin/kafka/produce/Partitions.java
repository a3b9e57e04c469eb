package io.osprey.plugin.kafka.produce;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.osprey.plugin.kafka.record.BridgeRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;

/**
 * Picks the partition of a record for the {@code random} and {@code roundrobin} strategies; for
 * {@code first_key_dispatch} it leaves the choice to Kafka's partitioner (the key's hash). The partition count comes
 * from the producer's metadata, which may block the calling sender thread until Kafka answers.
 */
final class Partitions {

    private final Map<String, AtomicInteger> nextByTopic = new ConcurrentHashMap<>();

    /** @return the partition, or {@code null} to let Kafka choose */
    Integer choose(Producer<byte[], byte[]> producer, BridgeRecord r) {
        return switch (r.strategy()) {
            case FIRST_KEY_DISPATCH -> null;
            case RANDOM -> ThreadLocalRandom.current().nextInt(count(producer, r.topic()));
            case ROUNDROBIN -> Math.floorMod(nextByTopic.computeIfAbsent(r.topic(), t -> new AtomicInteger())
                    .getAndIncrement(), count(producer, r.topic()));
        };
    }

    private static int count(Producer<byte[], byte[]> producer, String topic) {
        List<PartitionInfo> parts = producer.partitionsFor(topic);
        return parts == null || parts.isEmpty() ? 1 : parts.size();
    }
}
