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
        return read(r, "buffer.max_bytes", "buffer.segment_bytes", "buffer.overflow");
    }

    /** Reads the three settings under other key names (the MQTT bridge uses EMQX's {@code queue.*}). */
    public static BufferSettings read(ConfigReader r, String maxKey, String segmentKey, String overflowKey) {
        long max = r.bytes(maxKey, "1GB", 64 * 1024, Long.MAX_VALUE / 4);
        long segment = r.bytes(segmentKey, "10MB", 4 * 1024, Integer.MAX_VALUE);
        if (segment * 2 > max) {
            r.error(segmentKey, Long.toString(segment),
                    "at most half of " + maxKey + " (" + max + " bytes), so that the buffer holds two segments");
            segment = Math.max(4 * 1024, max / 2);
        }
        Overflow overflow = Overflow.valueOf(r.oneOf(overflowKey, "drop_oldest", "drop_oldest", "drop_newest")
                .toUpperCase(java.util.Locale.ROOT));
        return new BufferSettings(max, segment, overflow);
    }
}
