package io.osprey.plugin.license;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.osprey.api.ClientInfo;

/**
 * Connections admitted by the quota that are not connected yet. The broker counts a client as connected only once its
 * session is attached, after authentication; without this reservation, clients connecting at the same moment on
 * different I/O threads would all see the same free place and all get in. A reservation ends when
 * {@code client.connected} fires for that connection, when its CONNECT is refused later ({@code client.connack} with
 * a failure code), or after {@link #STALE_NANOS} when the socket went away before any CONNACK, which no hook
 * reports.
 * <p>
 * One short lock per CONNECT; never taken on the publish path.
 */
final class Admissions {

    /** Longer than a CONNECT takes to pass authentication (the broker's hook timeouts are seconds). */
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** By connection, in admission order, so stale ones are at the head. The kernel's ClientInfo is per connection. */
    private final Map<ClientInfo, Long> pending = new LinkedHashMap<>();

    /**
     * Reserves a place for {@code client} when {@code online} connected clients plus the pending ones leave room
     * under {@code limit}.
     *
     * @return {@code false} when the limit is reached
     */
    synchronized boolean tryAdmit(ClientInfo client, int online, int limit, long nowNanos) {
        purge(nowNanos);
        if ((long) online + pending.size() >= limit) {
            return false;
        }
        pending.put(client, nowNanos);
        return true;
    }

    /** The client's session is attached (the broker counts it from now on), or its CONNECT was refused. */
    synchronized void release(ClientInfo client) {
        pending.remove(client);
    }

    synchronized int pending(long nowNanos) {
        purge(nowNanos);
        return pending.size();
    }

    private void purge(long nowNanos) {
        Iterator<Long> it = pending.values().iterator();
        while (it.hasNext() && nowNanos - it.next() > STALE_NANOS) {
            it.remove();
        }
    }
}
