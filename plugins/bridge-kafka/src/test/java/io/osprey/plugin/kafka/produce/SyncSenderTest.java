package io.osprey.plugin.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.rule.PartitionStrategy;
import io.osprey.bridge.core.send.SyncSender;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.bridge.core.stats.LinkStatus;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sync mode against Kafka's {@link MockProducer}: the outcome of one message is known only when Kafka answered. */
class SyncSenderTest {

    private final BridgeCounters counters = new BridgeCounters("bridge-kafka.", null);
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private SyncSender<BridgeRecord> sender;

    private void start(Duration timeout) {
        sender = new SyncSender<>(new KafkaSink(new ProducerHandle(() -> producer, new LinkStatus(), "mock:9092")),
                BridgeRecord::ruleId, counters, new LinkStatus(), timeout, 100, "Kafka bridge", "test-sync");
        sender.start();
    }

    @AfterEach
    void stop() {
        sender.stop();
    }

    private static BridgeRecord record(String rule) {
        return new BridgeRecord(rule, "t", PartitionStrategy.FIRST_KEY_DISPATCH, null,
                "v".getBytes(StandardCharsets.UTF_8), List.of());
    }

    @Test
    @DisplayName("completes with true only when Kafka acknowledged every record of the message")
    void completesWhenEveryRecordIsAcknowledged() throws Exception {
        start(Duration.ofSeconds(10));
        CompletableFuture<Boolean> f = sender.send(List.of(record("a"), record("b")));
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        producer.completeNext();
        Thread.sleep(100);
        assertThat(f).isNotDone();
        producer.completeNext();
        assertThat(f.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(counters.get("a").sent()).isEqualTo(1);
        assertThat(counters.get("b").sent()).isEqualTo(1);
    }

    @Test
    void anError_failsTheMessage() throws Exception {
        start(Duration.ofSeconds(10));
        CompletableFuture<Boolean> f = sender.send(List.of(record("a")));
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
        producer.errorNext(new NotLeaderOrFollowerException("moving"));
        assertThat(f.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(counters.get("a").failed()).isEqualTo(1);
    }

    @Test
    @DisplayName("no answer within produce.sync_timeout fails the message; a late acknowledgement changes nothing")
    void timeout_failsTheMessage_lateAckIsIgnored() throws Exception {
        start(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        CompletableFuture<Boolean> f = sender.send(List.of(record("a")));
        assertThat(f.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(280);
        producer.completeNext();
        assertThat(counters.get("a").failed()).isEqualTo(1);
        assertThat(counters.get("a").sent()).isZero();
    }
}
