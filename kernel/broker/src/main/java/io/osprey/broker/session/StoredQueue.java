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

    static final int WINDOW = 256;

    private final Store store;
    private final String clientId;
    private final ArrayDeque<Delivery> window = new ArrayDeque<>();
    /** Highest sequence number in the window or skipped past; the store may hold queued ones above it. */
    private long loadedUpTo;
    /** Queued deliveries exist in the store beyond the window. */
    private boolean spilled;
    private int size;
    private boolean online;

    StoredQueue(Store store, String clientId) {
        this.store = store;
        this.clientId = clientId;
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
        if (!spilled && online && window.size() < WINDOW) {
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
        List<Map.Entry<Long, StoredDelivery>> batch = store.deliveries(clientId, loadedUpTo, WINDOW);
        for (Map.Entry<Long, StoredDelivery> e : batch) {
            loadedUpTo = e.getKey();
            if (e.getValue().state() == StoredDelivery.QUEUED) {
                window.add(Delivery.fromStored(e.getKey(), e.getValue()));
            }
        }
        if (batch.size() < WINDOW) {
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
