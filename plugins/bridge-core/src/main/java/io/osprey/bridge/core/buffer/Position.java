package io.osprey.bridge.core.buffer;

import java.util.Arrays;

/**
 * How far the sender got in the buffer: every record below {@code next} was sent, and of those only the
 * ones in {@code pending} (ascending) were not acknowledged yet. After a restart the pending records are sent
 * again first, then reading goes on at {@code next}; acknowledged records are not sent twice.
 */
public record Position(long next, long[] pending) {

    public Position {
        pending = pending.clone();
        Arrays.sort(pending);
        if (pending.length > 0 && pending[pending.length - 1] >= next) {
            throw new IllegalArgumentException("a pending record " + pending[pending.length - 1]
                    + " is not below next " + next);
        }
    }

    public static Position start(long next) {
        return new Position(next, new long[0]);
    }

    /** The lowest record not known to be acknowledged: everything below it can be deleted. */
    public long lowest() {
        return pending.length > 0 ? pending[0] : next;
    }

    @Override
    public long[] pending() {
        return pending.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position p && p.next == next && Arrays.equals(p.pending, pending);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(next) * 31 + Arrays.hashCode(pending);
    }

    @Override
    public String toString() {
        return "Position{next=" + next + ", pending=" + pending.length + '}';
    }
}
