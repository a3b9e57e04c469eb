package io.osprey.broker.router;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.osprey.api.SubscriptionOptions;

/**
 * Everything subscribed to one topic filter: plain subscribers and shared groups.
 *
 * <p>Publishing reads the plain subscribers from arrays ({@link #plain()}), not by iterating the map: the map's
 * iterator allocates an entry per subscriber and message. The arrays are rebuilt on the first delivery after a
 * change, which costs as much as one delivery to every subscriber: a burst of subscribes to a broadcast filter stays
 * O(1) each, and a publish after it pays O(n) once.
 */
final class Route {

    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(Route.class, "version", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** No snapshot yet (or it was dropped): the next delivery builds one. */
    private static final Snapshot NONE = new Snapshot(0, new Subscriber[0], new SubscriptionOptions[0]);

    final String filter;
    final ConcurrentHashMap<String, SharedGroup> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Subscriber, SubscriptionOptions> subscribers = new ConcurrentHashMap<>();
    /** Bumped after every change of {@link #subscribers}, so that a snapshot built before it is not used after it. */
    private volatile int version;
    private volatile Snapshot snapshot = NONE;

    Route(String filter) {
        this.filter = filter;
    }

    /** @return the options it replaced, or {@code null} if the subscriber is new here */
    SubscriptionOptions put(Subscriber subscriber, SubscriptionOptions options) {
        SubscriptionOptions previous = subscribers.put(subscriber, options);
        VERSION.getAndAdd(this, 1);
        return previous;
    }

    /** @return {@code true} if the subscriber was here */
    boolean remove(Subscriber subscriber) {
        if (subscribers.remove(subscriber) == null) {
            return false;
        }
        VERSION.getAndAdd(this, 1);
        snapshot = NONE; // let go of the subscriber now, not at the next delivery
        return true;
    }

    int subscriberCount() {
        return subscribers.size();
    }

    boolean isEmpty() {
        return subscribers.isEmpty() && groups.isEmpty();
    }

    /** The plain subscribers now, with their options at the same index. Safe from any thread. */
    Snapshot plain() {
        Snapshot s = snapshot;
        int v = version; // read before the map: a change that the copy below misses has a higher version
        if (s.version == v && s != NONE) {
            return s;
        }
        int n = subscribers.size();
        Subscriber[] subs = new Subscriber[n];
        SubscriptionOptions[] opts = new SubscriptionOptions[n];
        int i = 0;
        for (Map.Entry<Subscriber, SubscriptionOptions> e : subscribers.entrySet()) {
            if (i == subs.length) { // grew meanwhile; the next call rebuilds anyway
                subs = java.util.Arrays.copyOf(subs, i * 2 + 1);
                opts = java.util.Arrays.copyOf(opts, i * 2 + 1);
            }
            subs[i] = e.getKey();
            opts[i] = e.getValue();
            i++;
        }
        if (i != subs.length) {
            subs = java.util.Arrays.copyOf(subs, i);
            opts = java.util.Arrays.copyOf(opts, i);
        }
        s = new Snapshot(v, subs, opts);
        snapshot = s;
        return s;
    }

    /** The plain subscribers of a route at one {@code version}; never modified. */
    record Snapshot(int version, Subscriber[] subscribers, SubscriptionOptions[] options) {
    }
}
