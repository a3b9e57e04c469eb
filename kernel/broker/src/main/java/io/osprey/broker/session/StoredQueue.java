package io.osprey.broker.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.osprey.broker.store.Store;
import io.osprey.broker.store.StoredDelivery;

/**
 * The queue of a persistent session when the store is durable: every queued delivery is in the store; memory holds at
 * most a window of the oldest ones while the client is connected, and nothing while it is offline, so a long offline
 * queue costs disk, not heap. When the window runs out, the next deliveries are read back from the store in order.
 * Owned by the session's thread.
 */
final class StoredQueue implements DeliveryQueue {

    /**
     * Deliveries kept in memory while the client is connected, at most. As many as the in-memory queue of a
     * non-durable session may hold ({@code max_mqueue_len}, capped), so that a connected client that falls a little
     * behind is served from memory and its messages are not written to the B-tree only to be read back at once.
     */
    static final int MAX_WINDOW = 10_000;
    static final int MIN_WINDOW = 256;

    private final Store store;
    private final String clientId;
    private final int windowSize;
    private final ArrayDeque<Delivery> window = new ArrayDeque<>();
    /** Highest sequence number in the window or skipped past; the store may hold queued ones above it. */
    private long loadedUpTo;
    /** Queued deliveries exist in the store beyond the window. */
    private boolean spilled;
    private int size;
    private boolean online;

    /** @param maxQueueLength the session's {@code max_mqueue_len} (0: no limit) */
    StoredQueue(Store store, String clientId, int maxQueueLength) {
        this.store = store;
        this.clientId = clientId;
        this.windowSize = maxQueueLength <= 0 ? MAX_WINDOW
                : Math.max(MIN_WINDOW, Math.min(MAX_WINDOW, maxQueueLength));
    }

    /** After a restart: {@code queued} deliveries wait in the store, none in memory. */
    void restored(int queued) {
        size = queued;
        spilled = queued > 0;
        loadedUpTo = 0;
    }

    @Override
    public void add(Delivery d) {
        size++;
        if (!spilled && online && window.size() < windowSize) {
            window.add(d);
            loadedUpTo = d.seq();
        } else {
            spilled = true; // it is in the store; read back in order later
        }
    }

    @Override
    public Delivery peek() {
        if (window.isEmpty() && spilled) {
            load();
        }
        return window.peek();
    }

    @Override
    public Delivery poll() {
        Delivery d = peek();
        if (d != null) {
            window.poll();
            size--;
        }
        return d;
    }

    private void load() {
        List<Map.Entry<Long, StoredDelivery>> batch = store.deliveries(clientId, loadedUpTo, MIN_WINDOW);
        for (Map.Entry<Long, StoredDelivery> e : batch) {
            loadedUpTo = e.getKey();
            if (e.getValue().state() == StoredDelivery.QUEUED) {
                window.add(Delivery.fromStored(e.getKey(), e.getValue()));
            }
        }
        if (batch.size() < MIN_WINDOW) {
            spilled = false;
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int inMemory() {
        return window.size();
    }

    @Override
    public void online(boolean nowOnline) {
        this.online = nowOnline;
        if (!nowOnline && !window.isEmpty()) {
            // everything in the window is in the store: free the memory, read it back on reconnect
            loadedUpTo = window.peek().seq() - 1;
            window.clear();
            spilled = true;
        }
    }

    @Override
    public List<Delivery> drain() {
        List<Delivery> out = new ArrayList<>();
        Delivery d;
        while ((d = poll()) != null) {
            out.add(d);
        }
        size = 0;
        return out;
    }
}
