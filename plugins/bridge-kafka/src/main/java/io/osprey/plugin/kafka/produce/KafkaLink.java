package io.osprey.plugin.kafka.produce;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.osprey.plugin.kafka.config.ProduceMode;
import io.osprey.plugin.kafka.config.ProducerSettings;
import io.osprey.plugin.kafka.queue.ReplayQueue;
import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.stats.BridgeCounters;
import io.osprey.plugin.kafka.stats.LinkStatus;
import org.apache.kafka.clients.producer.Producer;

/**
 * One connection to Kafka with one set of {@link ProducerSettings}: the producer, the sender that replays the disk
 * buffer and, in sync mode, the sender that holds publishers until Kafka answers. A configuration change that touches
 * the connection closes the link and opens a new one over the same buffer.
 */
public final class KafkaLink {

    /** Messages waiting for the sync sender's thread, at most. */
    static final int SYNC_QUEUE = 10_000;

    private final ProducerSettings settings;
    private final ProducerHandle producers;
    private final ReplaySender replay;
    private final SyncSender sync;
    private final LinkStatus status = new LinkStatus();

    public KafkaLink(ProducerSettings settings, ProduceMode mode, Duration syncTimeout, ReplayQueue queue,
                     BridgeCounters counters) {
        this(settings, mode, syncTimeout, queue, counters,
                () -> KafkaProducers.create(ProducerProperties.of(settings, mode, syncTimeout)));
    }

    /** @param factory builds the producer (tests pass a mock) */
    public KafkaLink(ProducerSettings settings, ProduceMode mode, Duration syncTimeout, ReplayQueue queue,
                     BridgeCounters counters, Supplier<Producer<byte[], byte[]>> factory) {
        this.settings = settings;
        this.producers = new ProducerHandle(factory, status, String.join(",", settings.servers()));
        this.replay = new ReplaySender(queue, producers, counters, status, settings.maxInflight());
        this.sync = mode == ProduceMode.SYNC
                ? new SyncSender(producers, counters, status, syncTimeout, SYNC_QUEUE) : null;
    }

    public void start() {
        replay.start();
        if (sync != null) {
            sync.start();
        }
    }

    /**
     * Sync mode: sends the records of one message; completes with {@code true} once Kafka has them all. A link of
     * async mode (met only while a change of {@code produce} is being applied) answers {@code false} at once.
     */
    public CompletableFuture<Boolean> sendSync(List<BridgeRecord> records) {
        if (sync == null) {
            return CompletableFuture.completedFuture(false);
        }
        return sync.send(records);
    }

    /** New records are in the buffer. */
    public void wake() {
        replay.wake();
    }

    public ProducerSettings settings() {
        return settings;
    }

    /** The connection state, refreshed from the producer's own metrics. */
    public LinkStatus status() {
        int connections = producers.connectionCount();
        if (connections >= 0) {
            status.connections(connections);
        }
        return status;
    }

    public int inFlight() {
        return replay.inFlight();
    }

    /**
     * Stops sending, gives records in flight up to {@code timeout} to be acknowledged, and saves the buffer position
     * (what was not acknowledged is sent again by the next link or after a restart).
     */
    public void close(Duration timeout) {
        if (sync != null) {
            sync.stop();
        }
        replay.stopSending();
        producers.close(timeout);
        replay.join(Duration.ofSeconds(10));
        replay.savePosition();
        status.stopped();
    }
}
