package io.osprey.bridge.core.record;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * How a bridge's records are written into the disk buffer and read back. Every format starts with
 * {@code version:u8, ruleId:utf} (Java's modified UTF-8), so that the core can attribute the records of a dropped
 * segment to their rules without knowing the rest ({@link #ruleIdOf}).
 *
 * @param <R> the bridge's record type
 */
public interface RecordCodec<R> {

    byte[] encode(R record);

    /** @throws IllegalArgumentException when the bytes are not a record of a known version */
    R decode(byte[] data);

    /** The rule a record came from (counters go by it). */
    String ruleId(R record);

    /** Only the rule id of an encoded record. */
    static String ruleIdOf(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            in.readUnsignedByte();
            return in.readUTF();
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated record: " + e.getMessage(), e);
        }
    }

    /** Writes {@code length:i32 (-1: null), bytes}. */
    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** Writes a string as {@code length:i32 (-1: null), UTF-8} (unlike {@code writeUTF}, of any length). */
    static void writeText(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Reads what {@link #writeText} wrote. */
    static String readText(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads what {@link #writeBytes} wrote; a length past the end of the record is an error. */
    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.available()) {
            throw new IOException("a length of " + n + " runs past the record");
        }
        return in.readNBytes(n);
    }
}
