package io.osprey.broker.router;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;

/**
 * The members of one {@code $share/<group>/<filter>}: each message goes to exactly one of them. Members are kept in
 * a copy-on-write array (groups are small, picks are frequent); connected members are preferred.
 */
final class SharedGroup {

    record Member(Subscriber subscriber, SubscriptionOptions options) {
    }

    final String name;
    final String filter;
    final SharedRef ref;
    private volatile Member[] members = new Member[0];
    private final AtomicInteger next = new AtomicInteger();
    private volatile Subscriber sticky;

    SharedGroup(String name, String filter) {
        this.name = name;
        this.filter = filter;
        this.ref = new SharedRef(name, filter);
    }

    synchronized boolean add(Subscriber s, SubscriptionOptions options) {
        Member[] current = members;
        for (int i = 0; i < current.length; i++) {
            if (current[i].subscriber == s) {
                Member[] copy = current.clone();
                copy[i] = new Member(s, options);
                members = copy;
                return false;
            }
        }
        Member[] copy = Arrays.copyOf(current, current.length + 1);
        copy[current.length] = new Member(s, options);
        members = copy;
        return true;
    }

    synchronized boolean remove(Subscriber s) {
        Member[] current = members;
        for (int i = 0; i < current.length; i++) {
            if (current[i].subscriber == s) {
                Member[] copy = new Member[current.length - 1];
                System.arraycopy(current, 0, copy, 0, i);
                System.arraycopy(current, i + 1, copy, i, current.length - i - 1);
                members = copy;
                if (sticky == s) {
                    sticky = null;
                }
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return members.length == 0;
    }

    int size() {
        return members.length;
    }

    Member[] members() {
        return members;
    }

    /** Picks the member for {@code message}, or {@code null} when the group is empty. */
    Member pick(SharedStrategy strategy, Message message, Subscriber exclude) {
        Member[] m = members;
        int n = m.length;
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return m[0].subscriber == exclude ? null : m[0];
        }
        int start = switch (strategy) {
            case RANDOM -> ThreadLocalRandom.current().nextInt(n);
            case ROUND_ROBIN -> Math.floorMod(next.getAndIncrement(), n);
            case HASH_CLIENTID -> Math.floorMod(String.valueOf(message.fromClientId()).hashCode(), n);
            case HASH_TOPIC -> Math.floorMod(message.topic().hashCode(), n);
            case STICKY -> stickyIndex(m);
        };
        // prefer a connected member, starting at the strategy's choice; fall back to the choice itself
        for (int i = 0; i < n; i++) {
            Member candidate = m[(start + i) % n];
            if (candidate.subscriber != exclude && candidate.subscriber.isOnline()) {
                if (strategy == SharedStrategy.STICKY) {
                    sticky = candidate.subscriber;
                }
                return candidate;
            }
        }
        Member chosen = m[start];
        return chosen.subscriber == exclude ? m[(start + 1) % n] : chosen;
    }

    private int stickyIndex(Member[] m) {
        Subscriber s = sticky;
        if (s != null) {
            for (int i = 0; i < m.length; i++) {
                if (m[i].subscriber == s) {
                    return i;
                }
            }
        }
        return ThreadLocalRandom.current().nextInt(m.length);
    }
}
