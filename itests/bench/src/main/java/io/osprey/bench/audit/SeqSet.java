package io.osprey.bench.audit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A set of message sequence numbers of one publisher, as seen by one receiver (or acknowledged by the broker).
 * Messages mostly arrive in order, so the set keeps a watermark below which every number is present and a small
 * bitmap above it: memory stays a few words however long the run, unless messages go missing, in which case the
 * bitmap grows from the first hole on. Not thread-safe: one I/O thread writes it; the report reads it afterwards, and
 * a publisher's flow control reads {@link #count()} meanwhile (an opaque read of a value only ever increased).
 */
public final class SeqSet {

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(SeqSet.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long base;
    private long[] words = new long[2];
    private long count;
    private long duplicates;
    private long lowest = -1;
    private long highest = -1;
    /** Started at another process's number: late arrivals below the start extend the set downwards. */
    private boolean rebasable;

    /** A set of numbers starting at 0: the run's own publishers number their messages from 0. */
    public SeqSet() {
    }

    /**
     * Adds {@code seq}.
     *
     * @return {@code false} (and counts a duplicate) if it was already there
     */
    public boolean add(long seq) {
        if (seq < base) {
            if (!rebasable || seq < 0) {
                duplicates++;
                return false;
            }
            rebase(seq);
        }
        if (lowest < 0 || seq < lowest) {
            lowest = seq;
        }
        long off = seq - base;
        if (off >= (long) words.length << 6) {
            grow(off);
        }
        int w = (int) (off >>> 6);
        long bit = 1L << off;
        if ((words[w] & bit) != 0) {
            duplicates++;
            return false;
        }
        words[w] |= bit;
        COUNT.setOpaque(this, count + 1);
        if (seq > highest) {
            highest = seq;
        }
        if (w == 0 && words[0] == -1L) {
            compact();
        }
        return true;
    }

    /**
     * Starts the watermark at the first number seen: for another process's publisher, whose earlier messages this
     * receiver was never meant to see. Only before the first {@link #add}.
     */
    public void startAt(long seq) {
        if (lowest < 0) {
            base = seq;
            rebasable = true;
        }
    }

    /**
     * Moves the start down to {@code newBase}. Messages of one publisher can reach a shared group's members out of
     * order, so the first one seen need not be the lowest; this is possible until the first compaction.
     */
    private void rebase(long newBase) {
        long shift = base - newBase;
        long[] old = words;
        words = new long[old.length + (int) ((shift + 63) >>> 6) + 1];
        for (int w = 0; w < old.length; w++) {
            long bits = old[w];
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                long off = shift + 64L * w + b;
                words[(int) (off >>> 6)] |= 1L << off;
            }
        }
        base = newBase;
    }

    private void grow(long off) {
        long need = (off >>> 6) + 1;
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("sequence number gap too large: " + off);
        }
        int n = Math.max(words.length * 2, (int) need);
        words = Arrays.copyOf(words, n);
    }

    private void compact() {
        rebasable = false;
        int full = 0;
        while (full < words.length && words[full] == -1L) {
            full++;
        }
        System.arraycopy(words, full, words, 0, words.length - full);
        Arrays.fill(words, words.length - full, words.length, 0L);
        base += 64L * full;
    }

    public boolean contains(long seq) {
        if (seq < 0) {
            return false;
        }
        if (seq < base) {
            return true;
        }
        long off = seq - base;
        if (off >= (long) words.length << 6) {
            return false;
        }
        return (words[(int) (off >>> 6)] & (1L << off)) != 0;
    }

    /** Distinct numbers added; may be called from any thread. */
    public long count() {
        return (long) COUNT.getOpaque(this);
    }

    public long duplicates() {
        return duplicates;
    }

    /** The numbers of this set that {@code other} lacks (acknowledged but never received). */
    public long missingFrom(SeqSet other) {
        long missing = 0;
        for (long s = other.base; s < base; s++) {
            if (!other.contains(s)) {
                missing++;
            }
        }
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (!other.contains(base + 64L * w + b)) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** Numbers between the first and the highest seen that are absent: losses as a lone receiver can tell them. */
    public long gaps() {
        return highest < 0 ? 0 : Math.max(0, highest - lowest + 1 - count);
    }
}
