package io.osprey.broker.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The queue of a session that is not stored (clean sessions, or {@code store = memory}). */
final class MemoryQueue implements DeliveryQueue {

    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();

    @Override
    public void add(Delivery d) {
        queue.add(d);
    }

    @Override
    public Delivery peek() {
        return queue.peek();
    }

    @Override
    public Delivery poll() {
        return queue.poll();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public void online(boolean online) {
    }

    @Override
    public int inMemory() {
        return queue.size();
    }

    @Override
    public List<Delivery> drain() {
        List<Delivery> out = new ArrayList<>(queue);
        queue.clear();
        return out;
    }
}
