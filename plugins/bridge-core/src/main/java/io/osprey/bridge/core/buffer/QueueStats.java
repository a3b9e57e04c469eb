package io.osprey.bridge.core.buffer;

/**
 * A snapshot of the buffer for status views.
 *
 * @param records  records not yet at the remote side (waiting on disk, or sent and not acknowledged)
 * @param bytes    disk used by the segment files (including sent records of a segment not yet deleted)
 * @param dropped  records dropped since the buffer was opened (full buffer, corrupt records)
 */
public record QueueStats(long records, long bytes, int segments, long maxBytes, long dropped) {
}
