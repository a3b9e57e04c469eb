package io.osprey.backend.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriterTest {

    record W(String what, String coalesceKey) implements Queued {
    }

    static W w(String what, String key) {
        return new W(what, key);
    }

    /** A sink standing in for a database: up or down, refusing writes whose text starts with "bad". */
    static final class FakeSink implements Sink<W> {
        final Health health = new Health("backend-test", "TestDB", "test:1/db", 50);
        final List<String> stored = Collections.synchronizedList(new ArrayList<>());
        volatile boolean down;
        /** When down: how many writes of the batch are stored before the connection breaks. */
        volatile int storeBeforeFailing;

        @Override
        public void write(List<W> batch, Results<W> results) throws UnavailableException {
            if (down) {
                for (int i = 0; i < storeBeforeFailing && !batch.isEmpty(); i++) {
                    stored.add(batch.remove(0).what());
                    results.stored(1);
                }
                health.markDown("connection refused");
                throw new UnavailableException("connection refused", null);
            }
            health.markUp();
            for (W x : batch) {
                if (x.what().startsWith("bad")) {
                    results.refused(x, new IllegalArgumentException("rejected"));
                } else {
                    stored.add(x.what());
                    results.stored(1);
                }
            }
        }

        @Override
        public Health health() {
            return health;
        }
    }

    final FakeSink sink = new FakeSink();
    final AtomicLong droppedMetric = new AtomicLong();
    final AtomicLong failedMetric = new AtomicLong();
    Writer<W> writer;

    Writer<W> start(int capacity, int batchSize) {
        writer = new Writer<>(sink, capacity, batchSize, 50, n -> { }, failedMetric::addAndGet,
                droppedMetric::addAndGet);
        writer.start();
        return writer;
    }

    @AfterEach
    void stop() {
        if (writer != null) {
            sink.down = false;
            writer.stop(1000);
        }
    }

    @Test
    void coalesce_keepsOnlyTheLastWritePerKey_andTheOrderOfTheRest() {
        List<W> batch = List.of(w("insert m1", null), w("ack1", "c1"), w("insert m2", null), w("ack2", "c2"),
                w("ack3", "c1"), w("insert m3", null), w("ack4", "c1"));
        List<W> out = Writer.coalesce(batch);
        assertThat(out).extracting(W::what).containsExactly("insert m1", "insert m2", "ack2", "insert m3", "ack4");
    }

    @Test
    void coalesce_withoutKeys_returnsTheBatchItself() {
        List<W> batch = List.of(w("a", null), w("b", null));
        assertThat(Writer.coalesce(batch)).isSameAs(batch);
    }

    @Test
    void serverDown_writesWaitUpToTheBound_overflowIsDroppedAndCounted_restArriveInOrderWhenBack() {
        start(5, 2);
        sink.down = true;
        for (int i = 0; i < 8; i++) {
            writer.offer(w("m" + i, null));
        }
        assertThat(writer.dropped()).isEqualTo(3);
        assertThat(droppedMetric.get()).isEqualTo(3);
        assertThat(writer.queued()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.health.isUp());
        assertThat(sink.health.status()).containsEntry("state", "down").containsEntry("last_error",
                "connection refused");

        sink.down = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queued() == 0);
        assertThat(sink.stored).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(writer.written()).isEqualTo(5);
        assertThat(sink.health.isUp()).isTrue();
    }

    @Test
    void connectionLostHalfWayThroughABatch_onlyTheRestIsRetried() {
        start(100, 10);
        sink.down = true;
        sink.storeBeforeFailing = 3;
        for (int i = 0; i < 6; i++) {
            writer.offer(w("m" + i, null));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.stored.size() >= 6);
        sink.down = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queued() == 0);
        assertThat(sink.stored).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void refusedWrite_failsAlone_andIsCounted() {
        start(100, 10);
        writer.offer(w("a", null));
        writer.offer(w("bad rule", null));
        writer.offer(w("b", null));
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queued() == 0);
        assertThat(sink.stored).containsExactly("a", "b");
        assertThat(writer.failed()).isEqualTo(1);
        assertThat(failedMetric.get()).isEqualTo(1);
    }

    @Test
    void stop_whileTheServerIsDown_countsWhatIsLeftAsDropped() {
        start(100, 10);
        sink.down = true;
        for (int i = 0; i < 4; i++) {
            writer.offer(w("m" + i, null));
        }
        writer.stop(200);
        assertThat(writer.dropped()).isEqualTo(4);
        assertThat(writer.queued()).isZero();
        assertThat(writer.offer(w("late", null))).as("stopped: nothing more is taken").isFalse();
        writer = null;
    }
}
