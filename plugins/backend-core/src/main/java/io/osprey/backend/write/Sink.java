package io.osprey.backend.write;

import java.util.List;

/**
 * Where a {@link Writer} puts its batches: a database connection, a Redis pipeline. Called on the writer's thread
 * only.
 *
 * @param <W> the writes it takes
 */
public interface Sink<W extends Queued> {

    /**
     * Writes the batch, in order. Returns when every write is done: stored, or refused by the server on its own
     * merits (reported through {@code results} and never retried: a bad rule, a value too long).
     *
     * @throws UnavailableException when the server cannot be reached; the writes still in {@code batch} are retried
     *                              later, so a sink that finished some already removes them from the head of the list
     *                              first (after reporting them)
     */
    void write(List<W> batch, Results<W> results) throws UnavailableException;

    /** The health of the server this sink writes to. */
    Health health();

    /** What became of writes: the writer counts them. */
    interface Results<W> {

        void stored(int count);

        void refused(W write, Exception why);
    }
}
