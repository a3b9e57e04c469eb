package io.osprey.broker.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;
import io.osprey.api.ClientInfo;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.store.StoredSession;

/**
 * All sessions of this node by client id, and the rules for a client id that connects again: take over the
 * connection that holds the session (it is closed, MQTT 5 reason 0x8E), resume the session, or discard it for a
 * clean start.
 * <p>
 * Which connection owns a session is decided under a lock per client id (striped), so that two connections racing
 * with the same id are ordered; everything else happens on the session's own thread.
 */
public final class SessionRegistry {

    /** How a CONNECT found its session. */
    public record OpenResult(Session session, boolean present) {
    }

    private static final int STRIPES = 1024;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[STRIPES];
    private final AtomicInteger online = new AtomicInteger();
    private final SessionServices services;

    public SessionRegistry(SessionServices services) {
        this.services = services;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    private Object lockFor(String clientId) {
        return locks[(clientId.hashCode() & 0x7fffffff) % STRIPES];
    }

    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public int size() {
        return sessions.size();
    }

    /** Connected clients (sessions owned by a connection). */
    public int onlineCount() {
        return online.get();
    }

    public void forEach(Consumer<Session> action) {
        sessions.values().forEach(action);
    }

    /** The connection that owns {@code clientId}'s session now, or {@code null}. */
    public Outlet connectionOf(String clientId) {
        Session s = sessions.get(clientId);
        return s == null ? null : s.claimedBy;
    }

    /**
     * Gives {@code outlet} its session. Called on the connection's event loop; the future completes on that loop once
     * the session is attached (at once for a new session; after the hand-over when resuming one that lives on
     * another thread).
     *
     * @param expiryInterval session expiry in seconds for this connection (0: ends with the connection)
     */
    public CompletableFuture<OpenResult> open(Outlet outlet, boolean cleanStart, long expiryInterval) {
        String clientId = outlet.client().clientId();
        Session existing;
        Outlet previous;
        Session target;
        synchronized (lockFor(clientId)) {
            existing = sessions.get(clientId);
            previous = existing == null ? null : existing.claimedBy;
            if (existing == null || cleanStart) {
                target = new Session(clientId, outlet.eventLoop(), services);
                sessions.put(clientId, target);
                if (existing != null) {
                    // the old connection no longer owns anything: its close must not count as going offline
                    existing.claimedBy = null;
                }
            } else {
                target = existing;
            }
            target.claimedBy = outlet;
            if (previous == null) {
                online.incrementAndGet();
            }
        }
        if (existing == null) {
            target.attach(outlet, expiryInterval);
            services.metrics().inc(Metric.SESSION_CREATED);
            return CompletableFuture.completedFuture(new OpenResult(target, false));
        }
        if (cleanStart) {
            existing.execute(() -> {
                if (previous != null) {
                    takeOver(existing, previous);
                }
                existing.terminate();
                services.metrics().inc(Metric.SESSION_DISCARDED);
                services.metrics().inc(Metric.SESSION_TERMINATED);
                ClientInfo last = existing.lastClient();
                services.hooks().sessionDiscarded(last);
                services.hooks().sessionTerminated(last, "discarded");
            });
            target.attach(outlet, expiryInterval);
            services.metrics().inc(Metric.SESSION_CREATED);
            return CompletableFuture.completedFuture(new OpenResult(target, false));
        }
        CompletableFuture<OpenResult> result = new CompletableFuture<>();
        existing.execute(() -> {
            if (previous != null) {
                takeOver(existing, previous);
            }
            // Move the session to the new connection's thread: from here on, no drain runs on the old one.
            EventLoop to = outlet.eventLoop();
            existing.moveTo(to);
            to.execute(() -> {
                existing.attach(outlet, expiryInterval);
                services.metrics().inc(Metric.SESSION_RESUMED);
                result.complete(new OpenResult(existing, true));
            });
        });
        return result;
    }

    private void takeOver(Session session, Outlet previous) {
        services.metrics().inc(Metric.SESSION_TAKEOVERED);
        services.hooks().sessionTakenOver(previous.client());
        session.detach(previous);
        previous.closeForSession("takenover", 0x8E);
    }

    /**
     * The connection that owned {@code session} closed (called on its event loop). If it still owned the session,
     * the session goes offline for its expiry interval (or ends now), and the will is published or scheduled.
     *
     * @param will       the will to publish, or {@code null} (normal DISCONNECT, or none)
     * @param endSession end the session whatever its expiry (kicked, discarded)
     */
    public void closed(Session session, Outlet outlet, Will will, String reason, boolean endSession) {
        boolean owner;
        synchronized (lockFor(session.clientId())) {
            owner = session.claimedBy == outlet;
            if (owner) {
                session.claimedBy = null;
                online.decrementAndGet();
            }
        }
        if (!owner) {
            // taken over: the new connection continues the session, so only an undelayed will is sent
            if (will != null && will.delaySeconds() == 0) {
                services.publisher().accept(will);
            }
            return;
        }
        session.execute(() -> {
            session.detach(outlet);
            long expiry = endSession ? 0 : session.expiryIntervalSeconds();
            if (will != null) {
                if (will.delaySeconds() == 0 || expiry == 0) {
                    services.publisher().accept(will);
                } else {
                    session.scheduleWill(will, Math.min(will.delaySeconds(), expiry));
                }
            }
            if (expiry == 0) {
                end(session, reason);
            } else {
                session.scheduleExpiry(expiry, () -> end(session, "expired"));
            }
        });
    }

    /** Ends an offline session (expiry, or the connection ended it); a session resumed meanwhile is left alone. */
    private void end(Session session, String reason) {
        synchronized (lockFor(session.clientId())) {
            if (session.claimedBy != null) {
                return;
            }
            sessions.remove(session.clientId(), session);
        }
        session.terminate();
        services.metrics().inc(Metric.SESSION_TERMINATED);
        services.hooks().sessionTerminated(session.lastClient(), reason);
    }

    /** The client changed its session expiry interval in its MQTT 5 DISCONNECT. Connection's thread. */
    public void updateExpiry(Session session, long seconds) {
        session.setExpiryInterval(seconds);
    }

    /**
     * Brings back the persistent sessions of a durable store after a restart, before any client connects. Expiry
     * counts the downtime: a session whose client has been gone longer than its expiry ends now (and its pending will
     * is published).
     *
     * @param stoppedAt when the node last wrote to the store (the downtime of sessions that were online then)
     * @return the number of sessions restored
     */
    public int restore(List<StoredSession> records, Supplier<EventLoop> loops, long stoppedAt) {
        long now = System.currentTimeMillis();
        int restored = 0;
        for (StoredSession r : records) {
            long gone = r.disconnectedAt() > 0 ? r.disconnectedAt() : stoppedAt;
            boolean forever = r.expiryInterval() >= 0xFFFFFFFFL;
            long remainingMillis = forever ? Long.MAX_VALUE : r.expiryInterval() * 1000 - (now - gone);
            if (remainingMillis <= 0) {
                services.store().removeSession(r.clientId());
                if (r.will() != null) {
                    services.publisher().accept(new Will(r.will(), 0));
                }
                services.metrics().inc(Metric.SESSION_TERMINATED);
                continue;
            }
            Session session = new Session(r.clientId(), loops.get(), services);
            session.restore(r, new RestoredClient(r.clientId(), r.username(), r.protocolVersion()), gone);
            sessions.put(r.clientId(), session);
            session.execute(() -> {
                if (!forever) {
                    session.scheduleExpiry(Math.max(1, (remainingMillis + 999) / 1000), () -> end(session, "expired"));
                }
                if (r.will() != null) {
                    session.restoreWill(r.will(), r.willDeadline());
                }
            });
            restored++;
        }
        return restored;
    }

    /**
     * Disconnects the client (MQTT 5: DISCONNECT 0x98 Administrative action) and ends its session.
     *
     * @return {@code false} when the client is not connected
     */
    public boolean kick(String clientId) {
        Outlet outlet = connectionOf(clientId);
        if (outlet == null) {
            return false;
        }
        outlet.eventLoop().execute(() -> outlet.closeForSession("kicked", 0x98));
        return true;
    }

    /**
     * Removes a session whether or not its client is connected ({@code ctl sessions clean}).
     *
     * @return {@code false} when there is no such session
     */
    public boolean discard(String clientId) {
        Session s = sessions.get(clientId);
        if (s == null) {
            return false;
        }
        Outlet outlet = s.claimedBy;
        if (outlet != null) {
            outlet.eventLoop().execute(() -> outlet.closeForSession("discarded", 0x98));
            return true;
        }
        s.execute(() -> end(s, "discarded"));
        return true;
    }
}
