package io.osprey.plugin.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.osprey.bridge.core.buffer.BufferSettings;
import io.osprey.bridge.core.buffer.Overflow;
import io.osprey.bridge.core.buffer.ReplayQueue;
import io.osprey.bridge.core.send.ReplaySender;
import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.record.RecordCodec;
import io.osprey.plugin.kafka.rule.PartitionStrategy;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.bridge.core.stats.LinkStatus;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay sender against Kafka's {@link MockProducer}: order, the retry rule, and records given up. */
class ReplaySenderTest {

    @TempDir
    Path dir;
    private ReplayQueue queue;
    private ReplaySender<BridgeRecord> sender;
    private final BridgeCounters counters = new BridgeCounters("bridge-kafka.", null);
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());

    private void start(int window) throws Exception {
        queue = ReplayQueue.open(dir, new BufferSettings(1 << 20, 1 << 16, Overflow.DROP_OLDEST),
                RecordCodec::ruleId, (byRule, reason) -> { });
        ProducerHandle handle = new ProducerHandle(() -> producer, new LinkStatus(), "mock:9092");
        sender = sender(handle, window);
        sender.start();
    }

    private ReplaySender<BridgeRecord> sender(ProducerHandle handle, int window) {
        return new ReplaySender<>(queue, new KafkaSink(handle), RecordCodec.CODEC, counters, new LinkStatus(), window,
                "Kafka bridge", "test-replay");
    }

    @AfterEach
    void stop() throws Exception {
        if (sender != null) {
            sender.stopSending();
            sender.join(Duration.ofSeconds(5));
        }
        if (queue != null) {
            queue.close();
        }
    }

    private void append(int from, int to) throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(RecordCodec.encode(new BridgeRecord("rule", "t", PartitionStrategy.FIRST_KEY_DISPATCH,
                    "k".getBytes(StandardCharsets.UTF_8), Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                    List.of())));
        }
        queue.appendAll(records);
        sender.wake();
    }

    private List<Integer> values() {
        List<Integer> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            out.add(Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    private void completeAll() {
        while (producer.completeNext()) {
            // acknowledge everything sent so far
        }
    }

    @Test
    @DisplayName("records go out in buffer order, at most 'window' unacknowledged")
    void sendsInOrder_withinTheWindow() throws Exception {
        start(10);
        append(0, 25);
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 10);
        Thread.sleep(100);
        assertThat(producer.history()).hasSize(10);
        for (int round = 0; round < 3; round++) {
            completeAll();
            Thread.sleep(100);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> counters.get("rule").sent() == 25);
        assertThat(values()).isEqualTo(java.util.stream.IntStream.range(0, 25).boxed().toList());
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().records() == 0);
    }

    @Test
    @DisplayName("a retriable failure: nothing new goes out, then the failed records are sent again, in order")
    void retriableFailure_resendsTheFailedInOrder_withoutDuplicatingAcked() throws Exception {
        start(100);
        append(0, 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 5);
        producer.completeNext();                              // 0 acknowledged
        producer.errorNext(new NetworkException("gone"));     // 1 failed
        producer.completeNext();                              // 2 acknowledged
        producer.errorNext(new NetworkException("gone"));     // 3 failed
        producer.completeNext();                              // 4 acknowledged
        append(5, 7);
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() >= 9);
        assertThat(values()).containsExactly(0, 1, 2, 3, 4, 1, 3, 5, 6);
        completeAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> counters.get("rule").sent() == 7);
        assertThat(counters.get("rule").failed()).isZero();
    }

    @Test
    @DisplayName("a record Kafka refuses for good is counted as failed and not sent again")
    void permanentFailure_isCountedAndGivenUp() throws Exception {
        start(100);
        append(0, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 3);
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("too large"));
        producer.completeNext();
        await().atMost(Duration.ofSeconds(5)).until(() -> counters.get("rule").sent() == 2
                && counters.get("rule").failed() == 1);
        Thread.sleep(700);
        assertThat(producer.history()).hasSize(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().records() == 0);
    }

    @Test
    @DisplayName("records not acknowledged at the stop are sent again after the next start; acknowledged ones are not")
    void stop_savesPending_nextStartSendsOnlyThose() throws Exception {
        start(100);
        append(0, 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 4);
        producer.completeNext();
        producer.completeNext();
        sender.stopSending();
        sender.join(Duration.ofSeconds(5));
        sender.savePosition();
        assertThat(queue.position().pending()).containsExactly(2, 3);
        producer.clear();

        ProducerHandle handle = new ProducerHandle(() -> producer, new LinkStatus(), "mock:9092");
        sender = sender(handle, 100);
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        assertThat(values()).containsExactly(2, 3);
    }
}
