package io.osprey.bridge.core.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * Keeps a {@link Position} in one small file, replaced atomically (written beside it, then renamed), so that a crash
 * leaves either the old or the new position. Layout: {@code next:i64, count:i32, pending:i64*count, crc32:i32}.
 * It is not forced to disk: after a power loss the position may be older than the truth, which sends some records
 * again (at least once), never fewer.
 */
final class PositionFile {

    private final Path file;
    private final Path temp;

    PositionFile(Path dir) {
        this.file = dir.resolve("position");
        this.temp = dir.resolve("position.tmp");
    }

    /** @return the saved position, or {@code null} when there is none or it is unreadable */
    Position read() throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (data.length < 16) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        long next = b.getLong();
        int count = b.getInt();
        if (count < 0 || data.length != 16 + count * 8L) {
            return null;
        }
        long[] pending = new long[count];
        for (int i = 0; i < count; i++) {
            pending[i] = b.getLong();
        }
        int crc = b.getInt();
        CRC32 c = new CRC32();
        c.update(data, 0, data.length - 4);
        if ((int) c.getValue() != crc) {
            return null;
        }
        try {
            return new Position(next, pending);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    void write(Position p) throws IOException {
        long[] pending = p.pending();
        ByteBuffer b = ByteBuffer.allocate(16 + pending.length * 8);
        b.putLong(p.next());
        b.putInt(pending.length);
        for (long s : pending) {
            b.putLong(s);
        }
        CRC32 c = new CRC32();
        c.update(b.array(), 0, b.position());
        b.putInt((int) c.getValue());
        Files.write(temp, b.array());
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
