package io.osprey.bridge.core.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.osprey.bridge.core.buffer.BufferSettings;
import io.osprey.bridge.core.buffer.Overflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge's disk buffer: an append-only log of records in segment files, read back in order by the sender and
 * deleted a segment at a time once the remote system (Kafka, RabbitMQ, an MQTT broker) has every record of it. It
 * survives restarts (with the sender's {@link Position}), keeps the disk it uses under {@code buffer.max_bytes},
 * and when full drops the oldest segment not yet handed to the sender, or the newest record — reporting each drop
 * to a {@link DropListener}.
 * <p>
 * Why a log of its own rather than an embedded store: a FIFO of opaque records needs exactly append, read in order
 * and delete-from-the-front, and a segment log gives those with sequential I/O, an exact disk budget (file sizes)
 * and recovery by cutting a torn tail; a key-value store would need compaction to give disk back and cannot bound
 * its file size as simply.
 * <p>
 * Records live on disk only; memory holds one entry per segment. Thread-safe: the writer appends, the sender reads
 * and releases, status views read stats — each under this object's lock, for short moments.
 */
public final class ReplayQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayQueue.class);
    /** How often at most the position file is rewritten while records are being acknowledged. */
    private static final long POSITION_SAVE_INTERVAL_MS = 200;
    /** Framed records are written out once this many bytes are collected, which bounds the scratch buffer. */
    private static final int FLUSH_BYTES = 4 * 1024 * 1024;
    /** Drops are logged at most this often, with the count since the last line. */
    private static final long DROP_LOG_INTERVAL_MS = 10_000;

    /** One record read back: its sequence number and bytes. */
    public record Entry(long seq, byte[] record) {
    }

    private final String label;
    private final Path dir;
    private final PositionFile positionFile;
    private final Function<byte[], String> classifier;
    private final DropListener drops;
    private final List<Segment> segments = new ArrayList<>();
    private BufferSettings limits;
    private Segment active;
    private long nextSeq;
    private long totalBytes;
    private long handedOut;
    private Position position;
    private Position savedPosition;
    private long positionSavedAt;
    private long dropped;
    private long unloggedDrops;
    private long dropLoggedAt;
    private boolean dirty;
    private boolean closed;
    /** Reused between appends (writer thread, under the lock); grows to the largest batch written. */
    private ByteBuffer scratch = ByteBuffer.allocate(256 * 1024);

    private ReplayQueue(String label, Path dir, BufferSettings limits, Function<byte[], String> classifier,
                        DropListener drops) {
        this.label = label;
        this.dir = dir;
        this.positionFile = new PositionFile(dir);
        this.limits = limits;
        this.classifier = classifier;
        this.drops = drops;
    }

    /**
     * Opens (or creates) the buffer in {@code dir}: counts the records of each segment, cuts a torn record off the
     * end of the last one, and deletes segments already sent.
     *
     * @param classifier names the rule of a record, for drop counts
     */
    public static ReplayQueue open(Path dir, BufferSettings limits, Function<byte[], String> classifier,
                                   DropListener drops) throws IOException {
        return open("Bridge", dir, limits, classifier, drops);
    }

    /** @param label names the bridge in log lines, e.g. {@code Kafka bridge} */
    public static ReplayQueue open(String label, Path dir, BufferSettings limits, Function<byte[], String> classifier,
                                   DropListener drops) throws IOException {
        Files.createDirectories(dir);
        ReplayQueue q = new ReplayQueue(label, dir, limits, classifier, drops);
        q.recover();
        return q;
    }

    private void recover() throws IOException {
        Files.deleteIfExists(dir.resolve("position.tmp"));
        List<Long> firsts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + Segment.SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    firsts.add(Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length())));
                } catch (NumberFormatException e) {
                    LOG.warn("Ignoring {}: not a buffer segment name", f);
                }
            }
        }
        firsts.sort(Long::compare);
        for (int i = 0; i < firsts.size(); i++) {
            long first = firsts.get(i);
            Path f = Segment.fileFor(dir, first);
            Segment.Opened o = Segment.open(f, first, i == firsts.size() - 1);
            Segment s = o.segment();
            if (i + 1 < firsts.size() && s.endSeq() > firsts.get(i + 1)) {
                throw new IOException("buffer segments overlap: " + f + " holds records up to " + (s.endSeq() - 1)
                        + " but the next one starts at " + firsts.get(i + 1));
            }
            if (o.bytesCut() > 0) {
                LOG.warn("{} buffer: cut {} bytes of an incomplete record off the end of {} (the node "
                        + "stopped while writing it)", label, o.bytesCut(), f);
            }
            if (s.count() == 0) {
                s.delete();
                continue;
            }
            segments.add(s);
            totalBytes += s.bytes();
        }
        nextSeq = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).endSeq();
        Position saved = positionFile.read();
        if (saved == null) {
            long first = segments.isEmpty() ? nextSeq : segments.get(0).firstSeq;
            position = Position.start(first);
        } else {
            position = saved;
            nextSeq = Math.max(nextSeq, saved.next());
        }
        savedPosition = position;
        handedOut = position.next();
        deleteSent();
        if (!segments.isEmpty()) {
            LOG.info("{} buffer {}: {} records waiting in {} segments ({} bytes)", label, dir, stats().records(),
                    segments.size(), totalBytes);
        }
    }

    // ---- writing -------------------------------------------------------------------------------------------

    /**
     * Appends records in order, in as few writes as possible. Records that do not fit the budget are dropped
     * according to {@code buffer.overflow} and reported.
     *
     * @return how many of the records were appended
     */
    public synchronized int appendAll(List<byte[]> records) throws IOException {
        checkOpen();
        Map<String, Long> droppedNow = new HashMap<>();
        scratch.clear();
        ByteBuffer frames = scratch;
        int framed = 0;
        int appended = 0;
        for (byte[] r : records) {
            long size = Segment.FRAME_HEADER + (long) r.length;
            if (!makeRoom(size, droppedNow)) {
                droppedNow.merge(classifier.apply(r), 1L, Long::sum);
                dropped++;
                continue;
            }
            if (active == null || active.bytes() + frames.position() + size
                    > limits.segmentBytes() && active.count() + framed > 0) {
                if (framed > 0) {
                    frames.flip();
                    active.append(frames, framed);
                    framed = 0;
                }
                roll();
                frames.clear();
            }
            if (frames.remaining() < size) {
                frames = grow(frames, size);
                scratch = frames;
            }
            Segment.frame(frames, r);
            framed++;
            if (frames.position() >= FLUSH_BYTES) {
                frames.flip();
                active.append(frames, framed);
                framed = 0;
                frames.clear();
            }
            totalBytes += size;
            appended++;
            nextSeq++;
        }
        if (framed > 0) {
            frames.flip();
            active.append(frames, framed);
        }
        if (appended > 0) {
            dirty = true;
        }
        if (!droppedNow.isEmpty()) {
            report(droppedNow);
        }
        return appended;
    }

    /** Appends one record. @return {@code true} when it was appended, {@code false} when it was dropped */
    public boolean append(byte[] record) throws IOException {
        return appendAll(List.of(record)) == 1;
    }

    private static ByteBuffer grow(ByteBuffer frames, long size) {
        long capacity = Math.max(frames.position() + size, frames.capacity() * 2L);
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(capacity, Integer.MAX_VALUE - 64));
        frames.flip();
        b.put(frames);
        return b;
    }

    /** Makes room for {@code size} bytes; @return {@code false} when the record itself must be dropped */
    private boolean makeRoom(long size, Map<String, Long> droppedNow) throws IOException {
        BufferSettings l = limits;
        if (size > l.maxBytes() / 2) {
            LOG.warn("{} buffer: a record of {} bytes is larger than half of buffer.max_bytes = {} and "
                    + "cannot be buffered", label, size, l.maxBytes());
            return false;
        }
        while (totalBytes + size > l.maxBytes()) {
            if (l.overflow() == Overflow.DROP_NEWEST) {
                return false;
            }
            Segment victim = oldestNotHandedOut();
            if (victim == null) {
                return false;
            }
            long n = victim.count();
            victim.forEach(r -> droppedNow.merge(classifier.apply(r), 1L, Long::sum));
            segments.remove(victim);
            totalBytes -= victim.bytes();
            victim.delete();
            dropped += n;
        }
        return true;
    }

    /** The oldest sealed segment no record of which was handed to the producer, or {@code null}. */
    private Segment oldestNotHandedOut() {
        long floor = Math.max(handedOut, position.next());
        for (Segment s : segments) {
            if (s != active && s.firstSeq >= floor) {
                return s;
            }
        }
        return null;
    }

    private void roll() throws IOException {
        if (active != null) {
            active.force();
        }
        active = Segment.create(dir, nextSeq);
        segments.add(active);
    }

    private void report(Map<String, Long> droppedNow) {
        long n = droppedNow.values().stream().mapToLong(Long::longValue).sum();
        String reason = "the buffer is full (buffer.max_bytes = " + limits.maxBytes() + " bytes)";
        unloggedDrops += n;
        long now = System.currentTimeMillis();
        if (now - dropLoggedAt >= DROP_LOG_INTERVAL_MS) {
            String what = limits.overflow() == Overflow.DROP_OLDEST ? "oldest" : "newest";
            LOG.warn("{} buffer: dropped the {} {} records: {}; the remote side does not take records as fast as "
                    + "they come ({} dropped since the buffer opened; next report in 10 s at most)", label, what,
                    unloggedDrops, reason, dropped);
            dropLoggedAt = now;
            unloggedDrops = 0;
        }
        drops.dropped(droppedNow, reason);
    }

    /** Forces appended records to the disk (the writer calls it about once a second). */
    public synchronized void sync() throws IOException {
        if (dirty && active != null && !closed) {
            active.force();
        }
        dirty = false;
    }

    // ---- reading -------------------------------------------------------------------------------------------

    /**
     * Records from {@code fromSeq} on, in order, skipping gaps left by dropped segments: up to {@code maxRecords},
     * and about {@code maxBytes} (at least one record).
     */
    public synchronized List<Entry> read(long fromSeq, int maxRecords, long maxBytes) throws IOException {
        checkOpen();
        List<Entry> out = new ArrayList<>();
        long seq = fromSeq;
        for (Segment s : segments) {
            if (out.size() >= maxRecords) {
                break;
            }
            if (s.endSeq() <= seq) {
                continue;
            }
            long from = Math.max(seq, s.firstSeq);
            long before = out.size();
            int corrupt = s.read(from, maxRecords - out.size(), maxBytes, out);
            if (corrupt > 0) {
                dropped += corrupt;
                LOG.error("{} buffer: {} records in {} failed their checksum and were skipped", label, corrupt,
                        s.file);
                drops.dropped(Map.of("corrupt", (long) corrupt), "records in " + s.file + " are corrupt");
            }
            seq = out.isEmpty() ? s.endSeq() : out.get(out.size() - 1).seq() + 1;
            if (out.size() > before && seq < s.endSeq()) {
                break;
            }
        }
        if (!out.isEmpty()) {
            handedOut = Math.max(handedOut, out.get(out.size() - 1).seq() + 1);
        }
        return out;
    }

    // ---- progress ------------------------------------------------------------------------------------------

    /** Where the sender should start: the position last released (or read at open). */
    public synchronized Position position() {
        return position;
    }

    /**
     * Records the sender's progress: deletes segments whose records all reached the remote side and saves the position (at
     * most every 200 ms; always with {@code force}).
     */
    public void release(Position p, boolean force) throws IOException {
        Position toSave = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            position = p;
            handedOut = Math.max(handedOut, p.next());
            deleteSent();
            long now = System.currentTimeMillis();
            if (!p.equals(savedPosition) && (force || now - positionSavedAt >= POSITION_SAVE_INTERVAL_MS)) {
                toSave = p;
                savedPosition = p;
                positionSavedAt = now;
            }
        }
        if (toSave != null) {
            positionFile.write(toSave);
        }
    }

    private void deleteSent() throws IOException {
        long lowest = position.lowest();
        for (Iterator<Segment> it = segments.iterator(); it.hasNext(); ) {
            Segment s = it.next();
            if (s == active || s.endSeq() > lowest) {
                break;
            }
            it.remove();
            totalBytes -= s.bytes();
            s.delete();
        }
    }

    // ---- configuration and status --------------------------------------------------------------------------

    /** Applies a new budget, segment size or overflow policy (from the next append on). */
    public synchronized void limits(BufferSettings l) {
        this.limits = l;
    }

    public synchronized QueueStats stats() {
        long next = position.next();
        long waiting = 0;
        for (Segment s : segments) {
            waiting += Math.max(0, s.endSeq() - Math.max(s.firstSeq, next));
        }
        return new QueueStats(waiting + position.pending().length, totalBytes, segments.size(), limits.maxBytes(),
                dropped);
    }

    /** Names the bridge in log lines. */
    public String label() {
        return label;
    }

    public Path dir() {
        return dir;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the " + label + " buffer " + dir + " is closed");
        }
    }

    /** Saves the position and closes the files. */
    @Override
    public void close() throws IOException {
        Position p;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            p = position;
            for (Segment s : segments) {
                if (s == active) {
                    s.force();
                }
                s.close();
            }
            segments.clear();
        }
        positionFile.write(p);
    }
}
