package io.osprey.bench.audit;

/**
 * What one of the run's publishers sent and what the broker acknowledged: the reference the receivers' sets are
 * compared with. Written by the publisher's I/O thread only; read by the report after the connections closed.
 */
public final class PublisherLog {

    private final int ordinal;
    private final String topic;
    private final int qos;
    private final SeqSet acked = new SeqSet();
    private SeqSet[] audiences = new SeqSet[0];
    private long sent;

    PublisherLog(int ordinal, String topic, int qos) {
        this.ordinal = ordinal;
        this.topic = topic;
        this.qos = qos;
    }

    /** The publisher's number in this run, carried in every payload. */
    public int ordinal() {
        return ordinal;
    }

    public String topic() {
        return topic;
    }

    public int qos() {
        return qos;
    }

    /** The next sequence number; also the number of messages sent so far (they are numbered from 0). */
    public long sent() {
        return sent;
    }

    /** @return the sequence number of the message being sent */
    public long nextSeq() {
        return sent++;
    }

    /** The broker acknowledged message {@code seq} (QoS 1 PUBACK, QoS 2 PUBCOMP). */
    public void acked(long seq) {
        acked.add(seq);
    }

    /** Linked at setup: one more audience must receive this publisher's messages. */
    void addAudience(SeqSet seen) {
        audiences = java.util.Arrays.copyOf(audiences, audiences.length + 1);
        audiences[audiences.length - 1] = seen;
    }

    /** How many audiences of this run must receive each message. */
    public int audiences() {
        return audiences.length;
    }

    /**
     * Distinct messages the slowest audience has received so far (callable from the publisher's thread while
     * receivers record); {@link Long#MAX_VALUE} when no audience of this run listens.
     */
    public long receivedByAll() {
        long min = Long.MAX_VALUE;
        for (SeqSet s : audiences) {
            min = Math.min(min, s.count());
        }
        return min;
    }

    /**
     * The messages a receiver must have got: every acknowledged one for QoS 1/2, every sent one for QoS 0 (MQTT
     * allows losing those, which is exactly what the report shows).
     */
    long missingFrom(SeqSet seen) {
        if (qos == 0) {
            return Math.max(0, sent - seen.count());
        }
        return acked.missingFrom(seen);
    }
}
