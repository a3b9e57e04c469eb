package io.osprey.broker.session;

import java.util.List;

/** The messages a session holds back until its client can take them (offline, slow, or its window full). */
interface DeliveryQueue {

    void add(Delivery d);

    /** The oldest queued delivery, or {@code null}. */
    Delivery peek();

    Delivery poll();

    int size();

    default boolean isEmpty() {
        return size() == 0;
    }

    /** The client connected (true) or went away (false): a disk-backed queue keeps nothing in memory while offline. */
    void online(boolean online);

    /** How many queued deliveries are held in memory (the rest are in the store). */
    int inMemory();

    /** Empties the queue, returning what was in it (the session ends). */
    List<Delivery> drain();
}
