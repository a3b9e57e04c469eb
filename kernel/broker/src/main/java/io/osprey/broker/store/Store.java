package io.osprey.broker.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.osprey.broker.retain.RetainStore;

/**
 * What must survive a restart: persistent sessions (record, queued and in-flight QoS 1/2 messages, QoS 2 packet ids
 * awaiting PUBREL) and retained messages. Writes may come from any thread and are applied at once; {@link #sync()}
 * tells when everything written before it is durable (group commit: many writes share one commit and one fsync).
 * Clean sessions and QoS 0 never touch it.
 */
public interface Store extends AutoCloseable {

    /** {@code false} for {@code store = memory}: sessions live in memory only and nothing waits for a disk. */
    boolean isDurable();

    RetainStore retained();

    /** Every stored session, for recovery at start-up. */
    List<StoredSession> sessions();

    void putSession(StoredSession session);

    /** Removes the session and all its messages and packet ids. */
    void removeSession(String clientId);

    /**
     * Writes a delivery, or a new state of it.
     *
     * @param replaces {@code false} when this is the first write of this sequence number (a message routed to the
     *                 session just now), which lets the store skip looking for an older version
     */
    void putDelivery(String clientId, long seq, StoredDelivery delivery, boolean replaces);

    void removeDelivery(String clientId, long seq);

    /** How many deliveries a session has in the store, and the highest sequence number (0 when none). */
    record Extent(long count, long lastSeq) {
    }

    /** The {@link Extent} of a session's deliveries, without reading them (cheap even for a long queue). */
    Extent deliveryExtent(String clientId);

    /** Up to {@code limit} deliveries of a session with a sequence number above {@code after}, in order. */
    List<Map.Entry<Long, StoredDelivery>> deliveries(String clientId, long after, int limit);

    void putAwaitingRel(String clientId, int packetId, long receivedAt);

    void removeAwaitingRel(String clientId, int packetId);

    Map<Integer, Long> awaitingRel(String clientId);

    /**
     * Completes once everything written before this call is on disk. Callers may get the same future (one per group
     * commit): they must not complete it themselves.
     */
    CompletableFuture<Void> sync();

    /** Facts for {@code ctl store} and the logs: file, size, commits, … */
    Map<String, Object> info();

    @Override
    void close();
}
