package io.osprey.bridge.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.osprey.bridge.core.buffer.BufferSettings;
import io.osprey.bridge.core.buffer.Overflow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayQueueTest {

    @TempDir
    Path dir;
    private final Map<String, Long> drops = new HashMap<>();

    private ReplayQueue open(long max, long segment, Overflow overflow) throws IOException {
        return ReplayQueue.open(dir, new BufferSettings(max, segment, overflow),
                r -> new String(r, StandardCharsets.UTF_8).split(":")[0],
                (byKey, reason) -> byKey.forEach((k, n) -> drops.merge(k, n, Long::sum)));
    }

    private static byte[] rec(String rule, int i, int size) {
        String s = rule + ":" + i + ":";
        return (s + "x".repeat(Math.max(0, size - s.length()))).getBytes(StandardCharsets.UTF_8);
    }

    private static List<Integer> numbers(List<ReplayQueue.Entry> entries) {
        List<Integer> out = new ArrayList<>();
        for (ReplayQueue.Entry e : entries) {
            out.add(Integer.parseInt(new String(e.record(), StandardCharsets.UTF_8).split(":")[1]));
        }
        return out;
    }

    private static List<byte[]> records(int from, int to, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(rec("r", i, size));
        }
        return out;
    }

    @Test
    @DisplayName("records are read back in order across segments; sent segments are deleted")
    void appendRead_inOrderAcrossSegments_releaseDeletes() throws IOException {
        try (ReplayQueue q = open(1 << 20, 4096, Overflow.DROP_OLDEST)) {
            assertThat(q.appendAll(records(0, 100, 100))).isEqualTo(100);
            assertThat(q.stats().segments()).isGreaterThan(2);
            List<ReplayQueue.Entry> all = q.read(0, 1000, Long.MAX_VALUE);
            assertThat(numbers(all)).isEqualTo(java.util.stream.IntStream.range(0, 100).boxed().toList());
            assertThat(all.get(42).seq()).isEqualTo(42);
            assertThat(numbers(q.read(60, 5, Long.MAX_VALUE))).containsExactly(60, 61, 62, 63, 64);

            q.release(Position.start(100), true);
            assertThat(q.stats().records()).isZero();
            assertThat(q.stats().segments()).isEqualTo(1); // the segment being written stays
        }
    }

    @Test
    @DisplayName("after a restart the unsent records and the pending ones are still there; sent ones are not")
    void restart_keepsUnsentAndPendingRecords() throws IOException {
        try (ReplayQueue q = open(1 << 20, 4096, Overflow.DROP_OLDEST)) {
            q.appendAll(records(0, 50, 100));
            // 0..29 handed out; 10 and 20 not acknowledged
            q.release(new Position(30, new long[] {10, 20}), true);
        }
        try (ReplayQueue q = open(1 << 20, 4096, Overflow.DROP_OLDEST)) {
            Position p = q.position();
            assertThat(p.next()).isEqualTo(30);
            assertThat(p.pending()).containsExactly(10, 20);
            assertThat(q.stats().records()).isEqualTo(22);
            assertThat(numbers(q.read(10, 1, Long.MAX_VALUE))).containsExactly(10);
            assertThat(numbers(q.read(30, 100, Long.MAX_VALUE))).hasSize(20).startsWith(30).endsWith(49);
            q.appendAll(records(50, 51, 100));
            assertThat(q.read(50, 1, Long.MAX_VALUE).get(0).seq()).isEqualTo(50);
        }
    }

    @Test
    @DisplayName("a record torn by a crash is cut off the end; the ones before it survive")
    void tornTail_isCutAtOpen() throws IOException {
        try (ReplayQueue q = open(1 << 20, 1 << 16, Overflow.DROP_OLDEST)) {
            q.appendAll(records(0, 10, 100));
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 30);
        }
        try (ReplayQueue q = open(1 << 20, 1 << 16, Overflow.DROP_OLDEST)) {
            assertThat(numbers(q.read(0, 100, Long.MAX_VALUE))).hasSize(9).endsWith(8);
            q.appendAll(records(100, 101, 100));
            assertThat(numbers(q.read(9, 10, Long.MAX_VALUE))).containsExactly(100);
        }
    }

    @Test
    @DisplayName("drop_oldest: the oldest segment not handed out goes, counted per rule; disk stays in budget")
    void full_dropOldest_dropsTheOldestNotHandedOut() throws IOException {
        try (ReplayQueue q = open(64 * 1024, 8 * 1024, Overflow.DROP_OLDEST)) {
            q.appendAll(records(0, 10, 500));
            assertThat(q.read(0, 5, Long.MAX_VALUE)).hasSize(5); // 0..4 handed to the producer
            q.release(new Position(5, new long[] {0, 1, 2, 3, 4}), false);
            for (int i = 10; i < 400; i++) {
                q.append(rec("r", i, 500));
            }
            assertThat(q.stats().bytes()).isLessThanOrEqualTo(64 * 1024);
            long dropped = drops.getOrDefault("r", 0L);
            assertThat(dropped).isPositive();
            assertThat(q.stats().dropped()).isEqualTo(dropped);
            List<Integer> left = numbers(q.read(0, 1000, Long.MAX_VALUE));
            assertThat(left).startsWith(0, 1, 2, 3, 4).endsWith(399).isSorted();
            assertThat(left.size() + dropped).isEqualTo(400);
        }
    }

    @Test
    void full_dropNewest_refusesNewRecords() throws IOException {
        try (ReplayQueue q = open(64 * 1024, 8 * 1024, Overflow.DROP_NEWEST)) {
            int appended = q.appendAll(records(0, 400, 500));
            assertThat(appended).isLessThan(400);
            assertThat(drops.get("r")).isEqualTo(400L - appended);
            List<Integer> left = numbers(q.read(0, 1000, Long.MAX_VALUE));
            assertThat(left).hasSize(appended).startsWith(0, 1, 2).isSorted();
        }
    }

    @Test
    @DisplayName("a corrupt record inside an older segment is skipped and counted, the rest is read")
    void corruptRecord_isSkippedAndCounted() throws IOException {
        try (ReplayQueue q = open(1 << 20, 4096, Overflow.DROP_OLDEST)) {
            q.appendAll(records(0, 100, 100));
        }
        Path first = dir.resolve(String.format("%020d", 0) + ".seg");
        byte[] data = Files.readAllBytes(first);
        data[108 + 8 + 20] ^= 0x55; // inside the second record's bytes
        Files.write(first, data);
        try (ReplayQueue q = open(1 << 20, 4096, Overflow.DROP_OLDEST)) {
            List<ReplayQueue.Entry> all = q.read(0, 1000, Long.MAX_VALUE);
            assertThat(all).hasSize(99);
            assertThat(all).extracting(ReplayQueue.Entry::seq).startsWith(0L, 2L, 3L);
            assertThat(drops).containsEntry("corrupt", 1L);
        }
    }
}
