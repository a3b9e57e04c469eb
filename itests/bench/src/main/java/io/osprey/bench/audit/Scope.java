package io.osprey.bench.audit;

import java.util.HashMap;
import java.util.Map;

import io.netty.util.collection.IntObjectHashMap;

/**
 * One audience that must see each matching message once: a subscriber, or a whole shared-subscription group
 * ({@link SharedScope}). It keeps, per publisher, the set of sequence numbers it received. Messages of this run's
 * publishers are checked exactly against what was acknowledged; messages of another process's publishers (a separate
 * {@code pub} run) can only be checked for gaps.
 */
public class Scope {

    private final int runId;
    private final String filter;
    private final int qos;
    private final IntObjectHashMap<SeqSet> local = new IntObjectHashMap<>();
    private final Map<Long, SeqSet> foreign = new HashMap<>();
    private final Map<Integer, PublisherLog> expected = new HashMap<>();
    private int highestPacketQos;

    Scope(int runId, String filter, int qos) {
        this.runId = runId;
        this.filter = filter;
        this.qos = qos;
    }

    public String filter() {
        return filter;
    }

    /** This audience's subscription matches {@code p}'s topic: it must get p's messages. */
    void expect(PublisherLog p) {
        SeqSet seen = new SeqSet();
        expected.put(p.ordinal(), p);
        local.put(p.ordinal(), seen);
        p.addAudience(seen);
    }

    /** The number of this run's publishers this audience must hear. */
    int publishers() {
        return expected.size();
    }

    /**
     * A stamped message arrived (on a receiver's I/O thread).
     *
     * @return the publisher's number when it is one of this run's publishers, else -1
     */
    public int record(int fromRun, int publisher, long seq, int packetQos) {
        if (packetQos > highestPacketQos) {
            highestPacketQos = packetQos;
        }
        if (fromRun == runId) {
            SeqSet s = local.get(publisher);
            if (s == null) {
                s = new SeqSet();
                local.put(publisher, s);
            }
            s.add(seq);
            return publisher;
        } else {
            long key = ((long) fromRun << 32) | (publisher & 0xFFFFFFFFL);
            SeqSet s = foreign.get(key);
            if (s == null) {
                s = new SeqSet();
                s.startAt(seq);
                foreign.put(key, s);
            }
            s.add(seq);
            return -1;
        }
    }

    /** Adds this audience's losses and duplicates to {@code into}. */
    void report(Losses into) {
        local.forEach((ordinal, seen) -> {
            PublisherLog p = expected.get(ordinal);
            if (p == null) {
                into.unexpected(seen.count());
                return;
            }
            into.add(Math.min(p.qos(), qos), p.missingFrom(seen), seen.duplicates(), false);
        });
        for (SeqSet seen : foreign.values()) {
            into.add(Math.min(highestPacketQos, qos), seen.gaps(), seen.duplicates(), true);
        }
    }
}
