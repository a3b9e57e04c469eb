package io.osprey.broker.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;

/**
 * Matches a topic to the subscriptions that want it and hands the message to each.
 * <p>
 * Filters without wildcards sit in a hash map keyed by the whole filter, so the common case costs one lookup and no
 * splitting. Filters with wildcards sit in a trie of levels. Reads are lock-free ({@link ConcurrentHashMap}); changes
 * to the trie's shape take one lock, because subscribing is rare next to publishing.
 * <p>
 * A message that matches several subscriptions of one client is delivered once per subscription, each with that
 * subscription's QoS and identifier, as MQTT 3.1.1 §3.3.5 and MQTT 5 §3.3.4 allow.
 */
public final class Router {

    private final ConcurrentHashMap<String, Route> exact = new ConcurrentHashMap<>();
    private final TrieNode root = new TrieNode();
    private final Object trieLock = new Object();
    private final AtomicInteger wildcardRoutes = new AtomicInteger();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final AtomicInteger sharedCount = new AtomicInteger();
    private volatile SharedStrategy sharedStrategy = SharedStrategy.RANDOM;

    public void setSharedStrategy(SharedStrategy strategy) {
        this.sharedStrategy = strategy;
    }

    /**
     * Adds or replaces a subscription. Adding to a route and removing an emptied route happen atomically per filter,
     * so a subscribe racing an unsubscribe of the same filter by another client is never lost.
     *
     * @return {@code true} if it is new, {@code false} if it replaced the subscriber's options for the same filter
     */
    public boolean subscribe(Subscriber subscriber, Topics.Filter filter, SubscriptionOptions options) {
        boolean[] added = new boolean[1];
        String f = filter.filter();
        if (!Topics.hasWildcard(f)) {
            exact.compute(f, (k, r) -> {
                Route route = r == null ? new Route(k) : r;
                added[0] = addTo(route, subscriber, filter, options);
                return route;
            });
        } else {
            synchronized (trieLock) {
                TrieNode node = root;
                for (String level : Topics.split(f)) {
                    node = node.children.computeIfAbsent(level, l -> new TrieNode());
                }
                if (node.route == null) {
                    node.route = new Route(f);
                    wildcardRoutes.incrementAndGet();
                }
                added[0] = addTo(node.route, subscriber, filter, options);
            }
        }
        if (added[0]) {
            subscriptionCount.incrementAndGet();
        }
        return added[0];
    }

    /** @return {@code true} if the subscription existed */
    public boolean unsubscribe(Subscriber subscriber, Topics.Filter filter) {
        boolean[] removed = new boolean[1];
        String f = filter.filter();
        if (!Topics.hasWildcard(f)) {
            exact.computeIfPresent(f, (k, r) -> {
                removed[0] = removeFrom(r, subscriber, filter);
                return r.isEmpty() ? null : r;
            });
        } else {
            synchronized (trieLock) {
                Route route = routeFor(f);
                if (route != null) {
                    removed[0] = removeFrom(route, subscriber, filter);
                    if (route.isEmpty()) {
                        pruneTrie(f, route);
                    }
                }
            }
        }
        if (removed[0]) {
            subscriptionCount.decrementAndGet();
        }
        return removed[0];
    }

    private boolean addTo(Route route, Subscriber subscriber, Topics.Filter filter, SubscriptionOptions options) {
        if (filter.isShared()) {
            SharedGroup g = route.groups.computeIfAbsent(filter.group(), n -> new SharedGroup(n, filter.filter()));
            boolean added = g.add(subscriber, options);
            if (added) {
                sharedCount.incrementAndGet();
            }
            return added;
        }
        return route.put(subscriber, options) == null;
    }

    private boolean removeFrom(Route route, Subscriber subscriber, Topics.Filter filter) {
        if (filter.isShared()) {
            SharedGroup g = route.groups.get(filter.group());
            boolean removed = g != null && g.remove(subscriber);
            if (removed) {
                sharedCount.decrementAndGet();
                if (g.isEmpty()) {
                    route.groups.remove(filter.group(), g);
                }
            }
            return removed;
        }
        return route.remove(subscriber);
    }

    /**
     * Delivers {@code message} to every matching subscription; shared groups get it once each.
     *
     * @param publisher the publishing client id, for No Local (may be {@code null})
     * @param bridge    the publisher is a bridge: never loop its messages back to it
     * @return the number of deliveries
     */
    public int route(Message message, String publisher, boolean bridge) {
        String topic = message.topic();
        int n = 0;
        Route r = exact.get(topic);
        if (r != null) {
            n += deliver(r, message, publisher, bridge);
        }
        if (wildcardRoutes.get() > 0) {
            n += matchTrie(root, topic, 0, message, publisher, bridge);
        }
        return n;
    }

    /** The filters with at least one subscription matching {@code topic} (for {@code ctl routes show}). */
    public List<String> matchingFilters(String topic) {
        List<String> out = new ArrayList<>();
        for (Route r : exact.values()) {
            if (r.filter.equals(topic)) {
                out.add(r.filter);
            }
        }
        forEachWildcardRoute(r -> {
            if (Topics.matches(r.filter, topic)) {
                out.add(r.filter);
            }
        });
        return out;
    }

    /** Every filter that has subscriptions, with its subscriber count (shared members included). */
    public Map<String, Integer> routes() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Route r : exact.values()) {
            out.put(r.filter, count(r));
        }
        forEachWildcardRoute(r -> out.put(r.filter, count(r)));
        return out;
    }

    public int routeCount() {
        return exact.size() + wildcardRoutes.get();
    }

    public int subscriptionCount() {
        return subscriptionCount.get();
    }

    public int sharedSubscriptionCount() {
        return sharedCount.get();
    }

    // ---- delivery ------------------------------------------------------------------------------------------

    private int deliver(Route r, Message message, String publisher, boolean bridge) {
        int n = 0;
        Route.Snapshot plain = r.plain();
        Subscriber[] subs = plain.subscribers();
        SubscriptionOptions[] opts = plain.options();
        for (int i = 0; i < subs.length; i++) {
            Subscriber s = subs[i];
            SubscriptionOptions o = opts[i];
            if ((o.noLocal() || bridge) && publisher != null && publisher.equals(s.clientId())) {
                continue;
            }
            s.deliver(message, o, null);
            n++;
        }
        if (!r.groups.isEmpty()) {
            SharedStrategy strategy = sharedStrategy;
            for (SharedGroup g : r.groups.values()) {
                SharedGroup.Member m = g.pick(strategy, message, null);
                if (m != null) {
                    m.subscriber().deliver(message, m.options(), g.ref);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Re-dispatches a message that a leaving member of {@code $share/<group>/<filter>} had not acknowledged to
     * another member of the same group.
     *
     * @return {@code false} when no other member is left
     */
    public boolean redispatchShared(String group, String filter, Message message, Subscriber leaving) {
        Route r = routeFor(filter);
        SharedGroup g = r == null ? null : r.groups.get(group);
        if (g == null) {
            return false;
        }
        SharedGroup.Member m = g.pick(sharedStrategy, message, leaving);
        if (m == null || m.subscriber() == leaving) {
            return false;
        }
        m.subscriber().deliver(message, m.options(), g.ref);
        return true;
    }

    private int matchTrie(TrieNode node, String topic, int start, Message message, String publisher, boolean bridge) {
        // start is the index of the first character of the current level (topic.length()+1 when past the end)
        int n = 0;
        if (start > topic.length()) {
            Route here = node.route;
            if (here != null) {
                n += deliver(here, message, publisher, bridge);
            }
            TrieNode hash = node.children.get("#");
            if (hash != null && hash.route != null) {
                n += deliver(hash.route, message, publisher, bridge); // "a/#" also matches "a"
            }
            return n;
        }
        boolean dollarFirstLevel = start == 0 && !topic.isEmpty() && topic.charAt(0) == '$';
        if (!dollarFirstLevel) {
            TrieNode hash = node.children.get("#");
            if (hash != null && hash.route != null) {
                n += deliver(hash.route, message, publisher, bridge);
            }
        }
        int end = topic.indexOf('/', start);
        if (end < 0) {
            end = topic.length();
        }
        if (!dollarFirstLevel) {
            TrieNode plus = node.children.get("+");
            if (plus != null) {
                n += matchTrie(plus, topic, end + 1, message, publisher, bridge);
            }
        }
        if (!node.children.isEmpty()) {
            @SuppressWarnings("SuspiciousMethodCalls") // a LevelKey finds the String key of the same text
            TrieNode child = node.children.get(LevelKey.of(topic, start, end));
            if (child != null) {
                n += matchTrie(child, topic, end + 1, message, publisher, bridge);
            }
        }
        return n;
    }

    // ---- structure -----------------------------------------------------------------------------------------

    private Route routeFor(String filter) {
        if (!Topics.hasWildcard(filter)) {
            return exact.get(filter);
        }
        TrieNode node = root;
        for (String level : Topics.split(filter)) {
            node = node.children.get(level);
            if (node == null) {
                return null;
            }
        }
        return node.route;
    }

    /** Removes an empty route and the trie nodes left without children. Caller holds {@code trieLock}. */
    private void pruneTrie(String filter, Route route) {
        String[] levels = Topics.split(filter);
        TrieNode[] path = new TrieNode[levels.length + 1];
        path[0] = root;
        for (int i = 0; i < levels.length; i++) {
            path[i + 1] = path[i].children.get(levels[i]);
            if (path[i + 1] == null) {
                return;
            }
        }
        TrieNode leaf = path[levels.length];
        if (leaf.route == route) {
            leaf.route = null;
            wildcardRoutes.decrementAndGet();
        }
        for (int i = levels.length; i > 0; i--) {
            TrieNode node = path[i];
            if (node.route == null && node.children.isEmpty()) {
                path[i - 1].children.remove(levels[i - 1], node);
            } else {
                break;
            }
        }
    }

    private void forEachWildcardRoute(java.util.function.Consumer<Route> action) {
        walk(root, action);
    }

    private static void walk(TrieNode node, java.util.function.Consumer<Route> action) {
        Route r = node.route;
        if (r != null) {
            action.accept(r);
        }
        for (TrieNode child : node.children.values()) {
            walk(child, action);
        }
    }

    private static int count(Route r) {
        int n = r.subscriberCount();
        for (SharedGroup g : r.groups.values()) {
            n += g.size();
        }
        return n;
    }

    private static final class TrieNode {
        final ConcurrentHashMap<String, TrieNode> children = new ConcurrentHashMap<>(4);
        volatile Route route;
    }
}
