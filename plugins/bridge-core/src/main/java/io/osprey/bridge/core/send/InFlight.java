package io.osprey.bridge.core.send;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.osprey.bridge.core.buffer.Position;

/**
 * The records of the buffer handed to the sink and not acknowledged yet, by sequence number. Acknowledgements
 * arrive out of order (Kafka partitions answer independently), so the sender's progress is "everything below
 * {@code next} except these". Records that failed with an error worth retrying stay here, apart, until they are sent again.
 * Thread-safe: the sender adds, the sink's threads answer.
 */
final class InFlight {

    private final TreeSet<Long> outstanding = new TreeSet<>();
    private final TreeSet<Long> failed = new TreeSet<>();

    synchronized void sent(long seq) {
        outstanding.add(seq);
    }

    synchronized void acked(long seq) {
        outstanding.remove(seq);
        notifyAll();
    }

    synchronized void failed(long seq) {
        if (outstanding.remove(seq)) {
            failed.add(seq);
        }
        notifyAll();
    }

    /** Records handed out and not finished (outstanding or failed). */
    synchronized int size() {
        return outstanding.size() + failed.size();
    }

    synchronized int outstanding() {
        return outstanding.size();
    }

    /** Waits up to {@code millis} for an answer. */
    synchronized void awaitAnswer(long millis) throws InterruptedException {
        wait(millis);
    }

    /** The failed records, ascending, removed from here: the caller sends them again. */
    synchronized List<Long> takeFailed() {
        List<Long> out = new ArrayList<>(failed);
        failed.clear();
        return out;
    }

    /**
     * @param next       the next record not yet handed out
     * @param toSendAgain records taken back to be sent again (still unacknowledged)
     */
    synchronized Position position(long next, java.util.Collection<Long> toSendAgain) {
        long[] pending = new long[outstanding.size() + failed.size() + toSendAgain.size()];
        int i = 0;
        for (long s : outstanding) {
            pending[i++] = s;
        }
        for (long s : failed) {
            pending[i++] = s;
        }
        for (long s : toSendAgain) {
            pending[i++] = s;
        }
        return new Position(next, pending);
    }
}
