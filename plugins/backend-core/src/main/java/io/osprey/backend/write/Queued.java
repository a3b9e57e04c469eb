package io.osprey.backend.write;

/** One write waiting in a {@link Writer}'s queue: an SQL statement with its values, a Redis command group, … */
public interface Queued {

    /**
     * Writes with the same key are interchangeable except for the last one (a read position that only moves
     * forward): within a batch only the last of them runs. {@code null} for none.
     */
    default String coalesceKey() {
        return null;
    }
}
