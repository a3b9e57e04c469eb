package io.osprey.broker.hooks;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * The hooks registered at one point, sorted. The hot path reads {@link #entries()} (a volatile array, never
 * modified in place); registering and unregistering swap in a new array.
 */
public final class HookChain<T> {

    private final String point;
    private final Class<T> type;
    private volatile HookEntry<T>[] entries;

    @SuppressWarnings("unchecked")
    HookChain(String point, Class<T> type) {
        this.point = point;
        this.type = type;
        this.entries = (HookEntry<T>[]) Array.newInstance(HookEntry.class, 0);
    }

    public String point() {
        return point;
    }

    public Class<T> type() {
        return type;
    }

    public HookEntry<T>[] entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.length == 0;
    }

    synchronized HookEntry<T> add(Object hook, String plugin, int ranking, long order) {
        HookEntry<T> e = new HookEntry<>(type.cast(hook), plugin, point, ranking, order);
        HookEntry<T>[] copy = Arrays.copyOf(entries, entries.length + 1);
        copy[entries.length] = e;
        Arrays.sort(copy);
        entries = copy;
        return e;
    }

    synchronized boolean remove(Object hook) {
        HookEntry<T>[] current = entries;
        for (int i = 0; i < current.length; i++) {
            if (current[i].hook == hook) {
                HookEntry<T>[] copy = Arrays.copyOf(current, current.length - 1);
                System.arraycopy(current, i + 1, copy, i, current.length - i - 1);
                entries = copy;
                return true;
            }
        }
        return false;
    }
}
