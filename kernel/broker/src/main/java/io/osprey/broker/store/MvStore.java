package io.osprey.broker.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.osprey.broker.retain.RetainStore;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code store = disk}: the embedded store on H2's MVStore (pure Java, crash-safe copy-on-write B-trees with
 * checksummed chunks; a torn last write is ignored on open). One file, {@code data/store/osprey.mv.db}.
 * <p>
 * <b>Group commit.</b> Writers change the maps directly (they are thread-safe); one committer thread turns all changes
 * since the last commit into one chunk and one {@code fsync}, then completes every {@link #sync()} request that arrived
 * before the commit began (they share one future: one completion per commit, not per message). Without requests,
 * changes are committed every {@code commit_interval}.
 * <p>
 * <b>Deliveries are staged.</b> A delivery (a QoS 1/2 message for a persistent session) first waits in {@link #staged};
 * the committer moves what is still there into the B-tree just before each commit. A delivery the client acknowledges
 * before that — the common case for an online subscriber — never reaches the B-tree or the file: it was delivered, so
 * there is nothing left to make durable, and the commit that its publisher waits for has less or nothing to write.
 * Staged deliveries are objects, serialised by the committer when it moves them: the I/O threads that route and
 * acknowledge messages never encode a stored message. Every {@link #sync()} still completes only after everything
 * written before it is either on disk or acknowledged. Reads of deliveries move the staged ones first, so they see
 * every write.
 * <p>
 * <b>Honest recovery.</b> After each commit the committer notes the version and file length in {@code
 * osprey.mv.db.commit} (no fsync: it only serves to tell, after a crash, how much of an unfinished write was dropped).
 * On open, a store older than the note, or a file longer than it, is reported with the file and offset. A file that
 * cannot be opened at all is moved aside (never deleted) and reported, and the node starts empty.
 */
public final class MvStore implements Store, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MvStore.class);
    private static final char SEP = '\u0000';

    private final Path file;
    private final Path note;
    private final MVStore store;
    private final MVMap<String, byte[]> sessionMap;
    private final MVMap<String, byte[]> deliveryMap;
    private final MVMap<String, Long> relMap;
    private final DiskRetainStore retained;
    /**
     * Deliveries not yet moved into {@link #deliveryMap}, by key; see the class comment. Kept as objects: the
     * committer serialises them, so the I/O threads never do, and an acknowledged one never is.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Staged> staged =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A staged delivery, and whether an older version of it may be in the B-tree (a queued message moved there
     * before it was sent): when not, acknowledging it never touches the B-tree.
     */
    private record Staged(StoredDelivery delivery, boolean olderInTree) {
    }
    private final java.util.concurrent.atomic.LongAdder cancelled = new java.util.concurrent.atomic.LongAdder();
    private final long commitIntervalMillis;
    private final Object lock = new Object();
    /** Completed by the next commit that starts; shared by every {@link #sync()} call until then. */
    private CompletableFuture<Void> nextCommit;
    private volatile boolean dirty;
    private volatile boolean running = true;
    private final Thread committer;
    private long commits;
    private long commitNanos;
    private long maxCommitNanos;

    /**
     * @param cacheMb MVStore page cache; bounds the store's memory whatever the data size
     */
    public MvStore(Path dir, int cacheMb, long commitIntervalMillis) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("osprey.mv.db");
        this.note = dir.resolve("osprey.mv.db.commit");
        this.commitIntervalMillis = commitIntervalMillis;
        long[] noted = readNote();
        long sizeBefore = Files.exists(file) ? Files.size(file) : 0;
        MVStore opened;
        try {
            opened = open(cacheMb);
        } catch (RuntimeException e) {
            Path aside = file.resolveSibling("osprey.mv.db.corrupt-" + System.currentTimeMillis());
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            LOG.error("Store {} cannot be opened ({}); it was moved to {} for inspection and the node starts with an "
                    + "empty store", file, e.getMessage(), aside);
            opened = open(cacheMb);
        }
        this.store = opened;
        report(noted, sizeBefore);
        this.sessionMap = store.openMap("sessions");
        // typed keys and values (not H2's generic ObjectDataType): cheaper comparisons while searching and less
        // work writing pages, on the path of every durable message
        this.deliveryMap = store.openMap("deliveries.2", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        if (store.hasMap("deliveries") && !store.openMap("deliveries").isEmpty()) {
            LOG.warn("Store {}: queued messages in the format of an earlier development build are ignored", file);
        }
        this.relMap = store.openMap("awaiting_rel");
        this.retained = new DiskRetainStore(store.openMap("retained"), this::markDirty);
        this.committer = new Thread(this, "osprey-store-commit");
        committer.setDaemon(true);
        committer.start();
    }

    private MVStore open(int cacheMb) {
        return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(cacheMb)
                .backgroundExceptionHandler((t, e) -> LOG.error("Store background error", e)).open();
    }

    /** Tells what a crash cost, if anything: commits after the store's last complete one, or a torn tail. */
    private void report(long[] noted, long sizeBefore) {
        long version = store.getCurrentVersion();
        if (noted == null) {
            return;
        }
        if (noted[0] > version) {
            LOG.error("Store {}: the file ends at offset {} but its last commit was version {} ({} bytes); "
                    + "commits {}..{} are missing (the file was cut or damaged) and the node starts with version {}",
                    file, sizeBefore, noted[0], noted[1], version + 1, noted[0], version);
        } else if (sizeBefore > noted[1]) {
            LOG.warn("Store {}: {} bytes after offset {} belong to a write that did not finish before the node "
                    + "stopped; they are ignored (nothing acknowledged is lost)", file, sizeBefore - noted[1],
                    noted[1]);
        }
    }

    private long[] readNote() {
        try {
            if (!Files.exists(note)) {
                return null;
            }
            String[] parts = Files.readString(note, StandardCharsets.US_ASCII).trim().split(" ");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void writeNote(long version) {
        try {
            Files.writeString(note, version + " " + Files.size(file) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.debug("Could not write {}: {}", note, e.toString());
        }
    }

    private void markDirty() {
        dirty = true;
    }

    // ---- Store ---------------------------------------------------------------------------------------------

    @Override
    public boolean isDurable() {
        return true;
    }

    @Override
    public RetainStore retained() {
        return retained;
    }

    @Override
    public List<StoredSession> sessions() {
        List<StoredSession> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : sessionMap.entrySet()) {
            try {
                out.add(Codec.session(e.getValue()));
            } catch (RuntimeException ex) {
                LOG.error("Store {}: session record of {} cannot be read ({}); it is skipped", file, e.getKey(),
                        ex.getMessage());
            }
        }
        return out;
    }

    @Override
    public void putSession(StoredSession session) {
        sessionMap.put(session.clientId(), Codec.session(session));
        dirty = true;
    }

    @Override
    public void removeSession(String clientId) {
        sessionMap.remove(clientId);
        String prefix = clientId + SEP;
        staged.keySet().removeIf(k -> k.startsWith(prefix)); // before the B-tree: the committer may be moving them
        removePrefix(deliveryMap, prefix);
        removePrefix(relMap, clientId + SEP);
        dirty = true;
    }

    private static <V> void removePrefix(MVMap<String, V> map, String prefix) {
        List<String> keys = new ArrayList<>();
        Cursor<String, V> c = map.cursor(prefix);
        while (c.hasNext()) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            keys.add(k);
        }
        keys.forEach(map::remove);
    }

    private static String deliveryKey(String clientId, long seq) {
        return key(clientId, seq, 16);
    }

    /**
     * {@code clientId NUL hex(value)} with a fixed number of hex digits, so that keys sort by client, then by value.
     * Hand-formatted: this runs for every durable message, where {@code String.format} would cost microseconds.
     */
    static String key(String clientId, long value, int digits) {
        char[] out = new char[clientId.length() + 1 + digits];
        clientId.getChars(0, clientId.length(), out, 0);
        out[clientId.length()] = SEP;
        for (int i = out.length - 1, shift = 0; shift < digits * 4; i--, shift += 4) {
            out[i] = HEX[(int) (value >>> shift) & 0xf];
        }
        return new String(out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public void putDelivery(String clientId, long seq, StoredDelivery delivery, boolean replaces) {
        staged.compute(deliveryKey(clientId, seq),
                (k, prev) -> new Staged(delivery, prev != null ? prev.olderInTree() : replaces));
    }

    @Override
    public void removeDelivery(String clientId, long seq) {
        String key = deliveryKey(clientId, seq);
        Staged s = staged.remove(key);
        if (s != null) {
            cancelled.increment();
            if (!s.olderInTree()) {
                return; // never reached the B-tree
            }
        }
        // it may have been moved already (by an earlier commit, or by the committer right now: that move holds the
        // key's lock in staged, so once remove() above returned, the key is either gone or in the B-tree)
        if (deliveryMap.remove(key) != null) {
            dirty = true;
        }
    }

    /** Moves every staged delivery into the B-tree; returns how many. */
    private int moveStaged() {
        int moved = 0;
        for (String key : staged.keySet()) {
            boolean[] done = new boolean[1];
            staged.computeIfPresent(key, (k, value) -> {
                deliveryMap.put(k, Codec.delivery(value.delivery()));
                done[0] = true;
                return null;
            });
            if (done[0]) {
                moved++;
            }
        }
        if (moved > 0) {
            dirty = true;
        }
        return moved;
    }

    @Override
    public Extent deliveryExtent(String clientId) {
        moveStaged();
        // keys of one client lie between "id NUL" and "id \u0001": count them by B-tree position, not by reading
        String lo = clientId + SEP;
        String hi = clientId + '\u0001';
        long count = insertionIndex(lo, hi);
        if (count == 0) {
            return new Extent(0, 0);
        }
        String last = deliveryMap.lowerKey(hi);
        return new Extent(count, Long.parseUnsignedLong(last.substring(lo.length()), 16));
    }

    private long insertionIndex(String lo, String hi) {
        long a = deliveryMap.getKeyIndex(lo);
        long b = deliveryMap.getKeyIndex(hi);
        a = a < 0 ? -a - 1 : a;
        b = b < 0 ? -b - 1 : b;
        return b - a;
    }

    @Override
    public List<Map.Entry<Long, StoredDelivery>> deliveries(String clientId, long after, int limit) {
        moveStaged();
        String prefix = clientId + SEP;
        List<Map.Entry<Long, StoredDelivery>> out = new ArrayList<>();
        Cursor<String, byte[]> c = deliveryMap.cursor(deliveryKey(clientId, after + 1));
        while (c.hasNext() && out.size() < limit) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            long seq = Long.parseUnsignedLong(k.substring(prefix.length()), 16);
            try {
                out.add(new AbstractMap.SimpleImmutableEntry<>(seq, Codec.delivery(c.getValue())));
            } catch (RuntimeException e) {
                LOG.error("Store {}: message {} of {} cannot be read ({}); it is skipped", file, seq, clientId,
                        e.getMessage());
            }
        }
        return out;
    }

    @Override
    public void putAwaitingRel(String clientId, int packetId, long receivedAt) {
        relMap.put(key(clientId, packetId, 4), receivedAt);
        dirty = true;
    }

    @Override
    public void removeAwaitingRel(String clientId, int packetId) {
        relMap.remove(key(clientId, packetId, 4));
        dirty = true;
    }

    @Override
    public Map<Integer, Long> awaitingRel(String clientId) {
        String prefix = clientId + SEP;
        Map<Integer, Long> out = new HashMap<>();
        Cursor<String, Long> c = relMap.cursor(prefix);
        while (c.hasNext()) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            out.put(Integer.parseInt(k.substring(prefix.length()), 16), c.getValue());
        }
        return out;
    }

    @Override
    public CompletableFuture<Void> sync() {
        synchronized (lock) {
            if (nextCommit == null) {
                nextCommit = new CompletableFuture<>();
                lock.notifyAll(); // the first request since the last commit began wakes the committer
            }
            return nextCommit;
        }
    }

    @Override
    public Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "disk");
        m.put("file", file.toString());
        try {
            m.put("file_bytes", Files.size(file));
        } catch (IOException e) {
            m.put("file_bytes", -1);
        }
        m.put("version", store.getCurrentVersion());
        m.put("sessions", sessionMap.sizeAsLong());
        m.put("messages", deliveryMap.sizeAsLong() + staged.size());
        m.put("acked_before_commit", cancelled.sum());
        m.put("retained", retained.size());
        m.put("commits", commits);
        m.put("commit_avg_ms", commits == 0 ? 0 : Math.round(commitNanos / (double) commits / 10_000) / 100.0);
        m.put("commit_max_ms", Math.round(maxCommitNanos / 10_000) / 100.0);
        m.put("cache_used_mb", store.getCacheSizeUsed() / 1024);
        m.put("fill_rate", store.getFileStore().getFillRate());
        return m;
    }

    // ---- the committer -------------------------------------------------------------------------------------

    @Override
    public void run() {
        long lastCompact = System.currentTimeMillis();
        while (running) {
            CompletableFuture<Void> batch;
            synchronized (lock) {
                if (nextCommit == null) {
                    try {
                        lock.wait(commitIntervalMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                batch = nextCommit;
                nextCommit = null;
            }
            moveStaged();
            if (batch == null && !dirty) {
                if (System.currentTimeMillis() - lastCompact > 30_000) {
                    compactQuietly();
                    lastCompact = System.currentTimeMillis();
                }
                continue;
            }
            if (!dirty) {
                // every delivery written since the last commit was acknowledged already: nothing to make durable
                batch.complete(null);
                continue;
            }
            try {
                commitNow();
                if (batch != null) {
                    batch.complete(null);
                }
            } catch (RuntimeException e) {
                LOG.error("Store {}: commit failed", file, e);
                if (batch != null) {
                    batch.completeExceptionally(e);
                }
            }
        }
    }

    private void commitNow() {
        long t0 = System.nanoTime();
        dirty = false;
        long version = store.commit();
        store.sync();
        long took = System.nanoTime() - t0;
        commits++;
        commitNanos += took;
        maxCommitNanos = Math.max(maxCommitNanos, took);
        writeNote(version);
    }

    /** Background cleanup: rewrite chunks that are mostly garbage (acknowledged messages), a little at a time. */
    private void compactQuietly() {
        try {
            if (store.getFileStore().getFillRate() < 50) {
                store.compact(60, 4 * 1024 * 1024);
                commitNow();
            }
        } catch (RuntimeException e) {
            LOG.warn("Store {}: compaction failed: {}", file, e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            committer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CompletableFuture<Void> left;
        synchronized (lock) {
            left = nextCommit;
            nextCommit = null;
        }
        long version;
        try {
            moveStaged();
            commitNow();
            if (left != null) {
                left.complete(null);
            }
        } catch (RuntimeException e) {
            if (left != null) {
                left.completeExceptionally(e);
            }
        }
        version = store.getCurrentVersion();
        store.close(0); // no compaction on the way out: a fast, predictable stop
        writeNote(version); // the file as closed is the reference for the next start
    }
}
