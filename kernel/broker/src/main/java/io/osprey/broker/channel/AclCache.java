package io.osprey.broker.channel;

import java.util.LinkedHashMap;
import java.util.Map;

import io.osprey.api.hook.AclAction;

/**
 * The per-client ACL cache ({@code enable_acl_cache}, {@code acl_cache_max_size}, {@code acl_cache_ttl}): recent
 * publish/subscribe decisions by topic, least recently used evicted first. Owned by the connection's thread.
 */
final class AclCache {

    private record Entry(boolean allowed, long expiresAt) {
    }

    private LinkedHashMap<String, Entry> publish;
    private LinkedHashMap<String, Entry> subscribe;
    private volatile boolean cleared;

    /** @return TRUE/FALSE for a cached decision, {@code null} when not cached or expired */
    Boolean get(AclAction action, String topic, long now) {
        if (cleared) {
            clearNow();
        }
        Map<String, Entry> m = action == AclAction.PUBLISH ? publish : subscribe;
        if (m == null) {
            return null;
        }
        Entry e = m.get(topic);
        if (e == null) {
            return null;
        }
        if (now >= e.expiresAt) {
            m.remove(topic);
            return null;
        }
        return e.allowed;
    }

    void put(AclAction action, String topic, boolean allowed, long now, long ttlMillis, int maxSize) {
        LinkedHashMap<String, Entry> m = action == AclAction.PUBLISH ? publish : subscribe;
        if (m == null) {
            m = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > maxSize;
                }
            };
            if (action == AclAction.PUBLISH) {
                publish = m;
            } else {
                subscribe = m;
            }
        }
        m.put(topic, new Entry(allowed, now + ttlMillis));
    }

    /** Forget everything ({@code ctl acl cache-clean}); safe from any thread, applied on the next lookup. */
    void clear() {
        cleared = true;
    }

    private void clearNow() {
        cleared = false;
        publish = null;
        subscribe = null;
    }
}
