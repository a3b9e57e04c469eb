package io.osprey.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.osprey.api.Message;
import io.osprey.api.MessageProperties;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.UserProperty;
import io.osprey.broker.it.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreTest {

    @TempDir
    Path dir;

    static Message msg(String topic, String payload) {
        return Message.builder(topic).id(7).payload(payload).qos(1).from("c", "u")
                .properties(new MessageProperties(1, 60L, "text/plain", "r", new byte[] {1, 2},
                        List.of(new UserProperty("k", "v")))).build();
    }

    static StoredDelivery delivery(String payload) {
        return new StoredDelivery(StoredDelivery.QUEUED, 0, 1, new SubscriptionOptions(1, false, true, 0, 5), "g",
                "f/#", false, msg("t/" + payload, payload));
    }

    @Test
    void everythingWrittenAndSynced_isThereAfterReopen() throws Exception {
        try (MvStore s = new MvStore(dir, 4, 50)) {
            s.putSession(new StoredSession("c1", 3600, 12345, "alice", 5,
                    Map.of("a/+", SubscriptionOptions.ofQos(1)), msg("will/t", "bye"), 999));
            for (int i = 1; i <= 300; i++) {
                s.putDelivery("c1", i, delivery("m" + i), false);
            }
            s.putDelivery("c10", 1, delivery("other"), false);
            s.removeDelivery("c1", 2);
            s.putAwaitingRel("c1", 42, 777);
            s.retained().put(msg("r/1", "kept").toBuilder().retain(true).build());
            s.sync().get(5, TimeUnit.SECONDS);
        }
        try (MvStore s = new MvStore(dir, 4, 50)) {
            StoredSession r = s.sessions().get(0);
            assertThat(r.clientId()).isEqualTo("c1");
            assertThat(r.username()).isEqualTo("alice");
            assertThat(r.subscriptions()).containsKey("a/+");
            assertThat(r.will().payloadAsString()).isEqualTo("bye");
            List<Map.Entry<Long, StoredDelivery>> first = s.deliveries("c1", 0, 10);
            assertThat(first).extracting(Map.Entry::getKey).containsExactly(1L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
            StoredDelivery d = first.get(0).getValue();
            assertThat(d.message().properties().userProperties()).containsExactly(new UserProperty("k", "v"));
            assertThat(d.options().subscriptionIdentifier()).isEqualTo(5);
            assertThat(d.shareGroup()).isEqualTo("g");
            assertThat(s.deliveries("c1", 290, 100)).hasSize(10);
            assertThat(s.awaitingRel("c1")).containsEntry(42, 777L);
            assertThat(s.retained().get("r/1").payloadAsString()).isEqualTo("kept");
            s.removeSession("c1");
            assertThat(s.deliveries("c1", 0, 10)).isEmpty();
            assertThat(s.deliveries("c10", 0, 10)).hasSize(1);
            assertThat(s.awaitingRel("c1")).isEmpty();
        }
    }

    @Test
    void retainedWildcardsScanOnlyTheirPrefix() throws Exception {
        try (MvStore s = new MvStore(dir, 4, 50)) {
            for (String t : new String[] {"a/1/x", "a/2/x", "a/2/y", "b/1/x", "$SYS/v"}) {
                s.retained().put(Message.builder(t).payload(t).retain(true).build());
            }
            java.util.List<String> got = new java.util.ArrayList<>();
            s.retained().match("a/+/x", System.currentTimeMillis(), m -> got.add(m.topic()));
            assertThat(got).containsExactly("a/1/x", "a/2/x");
            got.clear();
            s.retained().match("#", System.currentTimeMillis(), m -> got.add(m.topic()));
            assertThat(got).containsExactlyInAnyOrder("a/1/x", "a/2/x", "a/2/y", "b/1/x");
            assertThat(s.retained().size()).isEqualTo(5);
            assertThat(DiskRetainStore.literalPrefix("a/b/+/c")).isEqualTo("a/b/");
        }
    }

    @Test
    void syncGroupsManyWritesIntoFewCommits() throws Exception {
        try (MvStore s = new MvStore(dir, 4, 1000)) {
            java.util.List<java.util.concurrent.CompletableFuture<Void>> waits = new java.util.ArrayList<>();
            for (int i = 1; i <= 2000; i++) {
                s.putDelivery("g", i, delivery("x"), false);
                waits.add(s.sync());
            }
            java.util.concurrent.CompletableFuture.allOf(waits.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(10, TimeUnit.SECONDS);
            assertThat((Long) s.info().get("commits")).isLessThan(2000);
        }
    }

    @Test
    void deliveryAckedBeforeTheCommit_isNeverWritten_andItsSyncNeedsNoCommit() throws Exception {
        try (MvStore s = new MvStore(dir, 4, 60_000)) {
            s.sync().get(5, TimeUnit.SECONDS);
            long commits = (Long) s.info().get("commits");
            long bytes = (Long) s.info().get("file_bytes");
            for (int i = 1; i <= 1000; i++) {
                s.putDelivery("online", i, delivery("m" + i), false);
                s.removeDelivery("online", i); // the subscriber acknowledged it at once
            }
            s.sync().get(5, TimeUnit.SECONDS);
            assertThat((Long) s.info().get("acked_before_commit")).isEqualTo(1000);
            assertThat((Long) s.info().get("commits")).as("nothing to make durable").isEqualTo(commits);
            assertThat((Long) s.info().get("file_bytes")).isEqualTo(bytes);
            assertThat(s.deliveries("online", 0, 10)).isEmpty();
        }
    }

    @Test
    void queuedOnDisk_thenSentAndAckedBeforeTheNextCommit_isGoneFromDisk() throws Exception {
        try (MvStore s = new MvStore(dir, 4, 50)) {
            for (int i = 1; i <= 10; i++) {
                s.putDelivery("q", i, delivery("queued" + i), false);
            }
            s.sync().get(5, TimeUnit.SECONDS); // the queued versions are on disk
            for (int i = 1; i <= 10; i++) {
                s.putDelivery("q", i, delivery("in flight" + i), true); // sent: staged again, replacing them
                s.removeDelivery("q", i); // acknowledged before the next commit
            }
            s.sync().get(5, TimeUnit.SECONDS);
        }
        try (MvStore s = new MvStore(dir, 4, 50)) {
            assertThat(s.deliveries("q", 0, 100)).as("the older, queued versions were removed too").isEmpty();
        }
    }

    @Test
    void syncCallersShareOneCommit_andEachSeesItsWritesDurable() throws Exception {
        try (MvStore s = new MvStore(dir, 4, 10_000)) {
            s.putDelivery("a", 1, delivery("x"), false);
            java.util.concurrent.CompletableFuture<Void> first = s.sync();
            java.util.concurrent.CompletableFuture<Void> second = s.sync();
            first.get(5, TimeUnit.SECONDS);
            second.get(5, TimeUnit.SECONDS);
            s.putDelivery("a", 2, delivery("y"), false);
            s.sync().get(5, TimeUnit.SECONDS); // a later request gets a later commit, not the completed one
            assertThat(s.deliveryExtent("a")).isEqualTo(new Store.Extent(2, 2));
        }
        try (MvStore s = new MvStore(dir, 4, 50)) {
            assertThat(s.deliveries("a", 0, 10)).hasSize(2);
        }
    }

    @Test
    void deliveriesMovedByACommit_andAckedLater_areGoneAfterReopen() throws Exception {
        try (MvStore s = new MvStore(dir, 4, 50)) {
            for (int i = 1; i <= 100; i++) {
                s.putDelivery("slow", i, delivery("m" + i), false);
            }
            s.sync().get(5, TimeUnit.SECONDS); // on disk now
            for (int i = 1; i <= 100; i += 2) {
                s.removeDelivery("slow", i);
            }
            s.putDelivery("slow", 2, delivery("updated"), true); // a staged update of a delivery already on disk
            s.sync().get(5, TimeUnit.SECONDS);
        }
        try (MvStore s = new MvStore(dir, 4, 50)) {
            List<Map.Entry<Long, StoredDelivery>> left = s.deliveries("slow", 0, 200);
            assertThat(left).hasSize(50).allMatch(e -> e.getKey() % 2 == 0);
            assertThat(left.get(0).getValue().message().payloadAsString()).isEqualTo("updated");
            assertThat(s.deliveryExtent("slow")).isEqualTo(new Store.Extent(50, 100));
        }
    }

    @Test
    void concurrentAcksWhileTheCommitterMovesDeliveries_leaveNothingBehind() throws Exception {
        try (MvStore s = new MvStore(dir, 4, 1)) {
            Thread acker = new Thread(() -> {
                for (int i = 1; i <= 20_000; i++) {
                    s.putDelivery("race", i, delivery("x"), false);
                    s.sync();
                    if (i > 1) {
                        s.removeDelivery("race", i - 1);
                    }
                }
                s.removeDelivery("race", 20_000);
            });
            acker.start();
            acker.join(30_000);
            s.sync().get(5, TimeUnit.SECONDS);
            assertThat(s.deliveryExtent("race").count()).isZero();
        }
    }

    @Test
    void keys_areFixedWidthHex_likeStringFormat() {
        for (long v : new long[] {0, 1, 15, 16, 255, 65535, 1L << 40, Long.MAX_VALUE, -1}) {
            assertThat(MvStore.key("c", v, 16)).isEqualTo("c\u0000" + String.format("%016x", v));
        }
        for (int p : new int[] {1, 0xabc, 0xffff}) {
            assertThat(MvStore.key("client", p, 4)).isEqualTo("client\u0000" + String.format("%04x", p));
        }
    }

    @Test
    void truncatedFile_isReportedWithFileAndOffset_andEarlierDataSurvives() throws Exception {
        Path file = dir.resolve("osprey.mv.db");
        long goodSize;
        try (MvStore s = new MvStore(dir, 4, 50)) {
            for (int i = 1; i <= 100; i++) {
                s.putDelivery("t", i, delivery("early" + i), false);
            }
            s.sync().get(5, TimeUnit.SECONDS);
            goodSize = Files.size(file);
            for (int i = 101; i <= 2000; i++) {
                s.putDelivery("t", i, delivery("late" + i), false);
            }
            s.sync().get(5, TimeUnit.SECONDS);
        }
        long full = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(goodSize + (full - goodSize) / 2); // cut through the last commits
        }
        try (LogCapture log = new LogCapture("io.osprey.broker.store"); MvStore s = new MvStore(dir, 4, 50)) {
            assertThat(s.deliveries("t", 0, 1000)).hasSizeGreaterThanOrEqualTo(100);
            assertThat(s.deliveries("t", 0, 100)).extracting(e -> e.getValue().message().payloadAsString())
                    .startsWith("early1", "early2");
            assertThat(log.lines).anyMatch(l -> l.contains(file.toString()) && l.contains("offset"));
        }
    }

    @Test
    void unreadableFile_isMovedAside_andTheStoreStartsEmpty() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("osprey.mv.db"), new byte[8192]);
        try (LogCapture log = new LogCapture("io.osprey.broker.store"); MvStore s = new MvStore(dir, 4, 50)) {
            assertThat(s.sessions()).isEmpty();
            assertThat(log.lines).anyMatch(l -> l.contains("moved to"));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("osprey.mv.db.corrupt-"));
        }
    }
}
