package io.osprey.plugin.kafka.produce;

import java.time.Duration;

import io.osprey.bridge.core.send.Sink;
import io.osprey.plugin.kafka.record.BridgeRecord;
import org.apache.kafka.clients.producer.Producer;

/**
 * The bridge core's {@link Sink} over a Kafka producer: picks the partition, sends, and sorts Kafka's errors into
 * "send again" and "refused for good" ({@link SendErrors}). A producer left unusable is rebuilt on the sender's
 * next call to {@link #ready} rather than from the producer's own I/O thread.
 */
final class KafkaSink implements Sink<BridgeRecord> {

    private final ProducerHandle producers;
    private final Partitions partitions = new Partitions();
    private volatile Producer<byte[], byte[]> resetRequested;

    KafkaSink(ProducerHandle producers) {
        this.producers = producers;
    }

    @Override
    public boolean ready() {
        Producer<byte[], byte[]> reset = resetRequested;
        if (reset != null) {
            resetRequested = null;
            producers.reset(reset, "the producer failed in a way it cannot recover from");
        }
        return producers.get() != null;
    }

    @Override
    public void send(BridgeRecord r, Outcome done) {
        Producer<byte[], byte[]> p = producers.get();
        if (p == null) {
            done.retry("no Kafka producer (see the log)");
            return;
        }
        try {
            Integer partition = partitions.choose(p, r);
            p.send(Records.of(r, partition), (meta, error) -> answered(p, r, error, done));
        } catch (RuntimeException x) {
            answered(p, r, x, done);
        }
    }

    /** A record's outcome; runs on the producer's I/O thread (or the sender's when send itself failed). */
    private void answered(Producer<byte[], byte[]> p, BridgeRecord r, Exception error, Outcome done) {
        if (error == null) {
            done.sent();
            return;
        }
        switch (SendErrors.classify(error)) {
            case DROP -> done.refused(r.topic() + ": " + error.getMessage());
            case RESET -> {
                resetRequested = p;
                done.retry(error.toString());
            }
            case RETRY, STOP -> done.retry(error.toString());
        }
    }

    @Override
    public int connectionCount() {
        return producers.connectionCount();
    }

    @Override
    public void close(Duration timeout) {
        producers.close(timeout);
    }
}
