package io.osprey.broker.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.osprey.broker.retain.MemoryRetainStore;
import io.osprey.broker.retain.RetainStore;

/**
 * {@code store = memory}: retained messages in memory, sessions only in the session objects; nothing survives a
 * restart and nothing waits for a disk. For tests and for users who prefer speed over durability.
 */
public final class MemoryStore implements Store {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private final MemoryRetainStore retained = new MemoryRetainStore();

    @Override
    public boolean isDurable() {
        return false;
    }

    @Override
    public RetainStore retained() {
        return retained;
    }

    @Override
    public List<StoredSession> sessions() {
        return List.of();
    }

    @Override
    public void putSession(StoredSession session) {
    }

    @Override
    public void removeSession(String clientId) {
    }

    @Override
    public void putDelivery(String clientId, long seq, StoredDelivery delivery, boolean replaces) {
    }

    @Override
    public void removeDelivery(String clientId, long seq) {
    }

    @Override
    public Extent deliveryExtent(String clientId) {
        return new Extent(0, 0);
    }

    @Override
    public List<Map.Entry<Long, StoredDelivery>> deliveries(String clientId, long after, int limit) {
        return List.of();
    }

    @Override
    public void putAwaitingRel(String clientId, int packetId, long receivedAt) {
    }

    @Override
    public void removeAwaitingRel(String clientId, int packetId) {
    }

    @Override
    public Map<Integer, Long> awaitingRel(String clientId) {
        return Map.of();
    }

    @Override
    public CompletableFuture<Void> sync() {
        return DONE;
    }

    @Override
    public Map<String, Object> info() {
        return Map.of("type", "memory", "retained", retained.size());
    }

    @Override
    public void close() {
    }
}
