package io.osprey.bridge.core.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One file of the buffer: records with consecutive sequence numbers from {@code firstSeq}, each framed as
 * {@code length:i32, crc32:i32, bytes}. Records are only ever appended; a segment is deleted whole once every record
 * in it reached the remote side (or was dropped). The file name is the first sequence number, so nothing else needs storing.
 * Not thread-safe: {@link ReplayQueue} guards it.
 */
final class Segment {

    static final int FRAME_HEADER = 8;
    static final String SUFFIX = ".seg";

    final Path file;
    final long firstSeq;
    private final FileChannel channel;
    private int count;
    private long bytes;
    /** Where the record {@code cursorSeq} starts, to read on without scanning from the start. */
    private long cursorSeq;
    private long cursorOffset;

    private Segment(Path file, long firstSeq, FileChannel channel, int count, long bytes) {
        this.file = file;
        this.firstSeq = firstSeq;
        this.channel = channel;
        this.count = count;
        this.bytes = bytes;
        this.cursorSeq = firstSeq;
        this.cursorOffset = 0;
    }

    static Path fileFor(Path dir, long firstSeq) {
        return dir.resolve(String.format("%020d", firstSeq) + SUFFIX);
    }

    static Segment create(Path dir, long firstSeq) throws IOException {
        Path f = fileFor(dir, firstSeq);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(f, firstSeq, ch, 0, 0);
    }

    /**
     * Opens an existing segment and counts its records. With {@code checkTail}, every record's checksum is verified
     * and the file is cut at the first torn or corrupt record (what a crash in the middle of a write leaves);
     * otherwise only the frame lengths are followed.
     *
     * @return the segment, and how many bytes were cut off its end
     */
    static Opened open(Path file, long firstSeq, boolean checkTail) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = ch.size();
        long offset = 0;
        int count = 0;
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        while (offset + FRAME_HEADER <= size) {
            header.clear();
            readFully(ch, header, offset);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length < 0 || offset + FRAME_HEADER + length > size) {
                break;
            }
            if (checkTail) {
                ByteBuffer body = ByteBuffer.allocate(length);
                readFully(ch, body, offset + FRAME_HEADER);
                if (crc(body.array(), 0, length) != crc) {
                    break;
                }
            }
            offset += FRAME_HEADER + length;
            count++;
        }
        long cut = size - offset;
        if (cut > 0) {
            ch.truncate(offset);
        }
        return new Opened(new Segment(file, firstSeq, ch, count, offset), cut);
    }

    record Opened(Segment segment, long bytesCut) {
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    /** One past the last record's sequence number. */
    long endSeq() {
        return firstSeq + count;
    }

    /** Appends framed records written by {@link #frame} into {@code frames}. */
    void append(ByteBuffer frames, int records) throws IOException {
        long at = bytes;
        while (frames.hasRemaining()) {
            at += channel.write(frames, at);
        }
        bytes = at;
        count += records;
    }

    static void frame(ByteBuffer out, byte[] record) {
        out.putInt(record.length);
        out.putInt(crc(record, 0, record.length));
        out.put(record);
    }

    /**
     * Reads records from {@code fromSeq} on (which must be inside this segment) into {@code out} as
     * {@code (seq, bytes)} pairs, up to {@code maxRecords} and about {@code maxBytes}.
     *
     * @return the records whose checksum did not match (they are skipped)
     */
    int read(long fromSeq, int maxRecords, long maxBytes, List<ReplayQueue.Entry> out) throws IOException {
        long seq;
        long offset;
        if (fromSeq >= cursorSeq && cursorSeq <= endSeq()) {
            seq = cursorSeq;
            offset = cursorOffset;
        } else {
            seq = firstSeq;
            offset = 0;
        }
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        while (seq < fromSeq) {
            offset += FRAME_HEADER + frameLength(header, offset);
            seq++;
        }
        int corrupt = 0;
        long taken = 0;
        int n = 0;
        long end = endSeq();
        while (seq < end && n < maxRecords && (n == 0 || taken < maxBytes)) {
            int length = frameLength(header, offset);
            int crc = header.getInt(4);
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(channel, body, offset + FRAME_HEADER);
            if (crc(body.array(), 0, length) == crc) {
                out.add(new ReplayQueue.Entry(seq, body.array()));
                n++;
                taken += length;
            } else {
                corrupt++;
            }
            offset += FRAME_HEADER + length;
            seq++;
        }
        cursorSeq = seq;
        cursorOffset = offset;
        return corrupt;
    }

    /** The record bytes of every record, for attributing a dropped segment; corrupt records are left out. */
    void forEach(java.util.function.Consumer<byte[]> action) throws IOException {
        List<ReplayQueue.Entry> all = new java.util.ArrayList<>();
        read(firstSeq, Integer.MAX_VALUE, Long.MAX_VALUE, all);
        for (ReplayQueue.Entry e : all) {
            action.accept(e.record());
        }
    }

    private int frameLength(ByteBuffer header, long offset) throws IOException {
        header.clear();
        readFully(channel, header, offset);
        int length = header.getInt(0);
        if (length < 0 || offset + FRAME_HEADER + length > bytes) {
            throw new IOException("bad frame at offset " + offset + " of " + file);
        }
        return length;
    }

    void force() throws IOException {
        channel.force(false);
    }

    void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + pos);
            }
            pos += n;
        }
    }

    static int crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
