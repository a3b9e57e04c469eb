package io.osprey.bridge.core.buffer;

import io.osprey.api.config.ConfigReader;

/**
 * A bridge's disk buffer under {@code data/<plugin>/}: the most disk it may use, the size of one segment file, and what
 * to drop when it is full. The budget must hold at least two segments, since the oldest records are dropped a
 * segment at a time.
 */
public record BufferSettings(long maxBytes, long segmentBytes, Overflow overflow) {

    /** Reads {@code buffer.max_bytes}, {@code buffer.segment_bytes} and {@code buffer.overflow}. */
    public static BufferSettings read(ConfigReader r) {
        long max = r.bytes("buffer.max_bytes", "1GB", 64 * 1024, Long.MAX_VALUE / 4);
        long segment = r.bytes("buffer.segment_bytes", "10MB", 4 * 1024, Integer.MAX_VALUE);
        if (segment * 2 > max) {
            r.error("buffer.segment_bytes", Long.toString(segment),
                    "at most half of buffer.max_bytes (" + max + " bytes), so that the buffer holds two segments");
            segment = Math.max(4 * 1024, max / 2);
        }
        Overflow overflow = Overflow.valueOf(r.oneOf("buffer.overflow", "drop_oldest", "drop_oldest", "drop_newest")
                .toUpperCase(java.util.Locale.ROOT));
        return new BufferSettings(max, segment, overflow);
    }
}
