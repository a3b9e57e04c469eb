package io.osprey.broker.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.hook.DropReason;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.router.SharedRef;
import io.osprey.broker.router.Subscriber;
import io.osprey.broker.router.Topics;

/**
 * The state MQTT keeps per client id across connections: subscriptions, messages in flight to the client, messages
 * queued while it cannot take more, QoS 2 packet ids received from it and awaiting PUBREL, expiry and will timers.
 * <p>
 * <b>Threading.</b> All state except {@link #subscriptions} belongs to {@link #executor()}: the event loop of the
 * attached connection, or of the last one while offline. Other threads hand messages in through {@link #deliver}
 * (a lock-free queue drained on the executor, with one flush per drain) and everything else through
 * {@link #execute(Runnable)}. When a client reconnects on another event loop the session moves with it
 * ({@link SessionRegistry} arranges the hand-over).
 */
public final class Session implements Subscriber {

    private final String clientId;
    private final SessionServices services;
    private final long createdAt = System.currentTimeMillis();

    /** The connection that owns the session now (set by the registry under its lock; may not be attached yet). */
    volatile Outlet claimedBy;
    private volatile EventLoop executor;
    private Outlet live;
    private boolean started;
    private volatile boolean terminated;

    private final ConcurrentHashMap<String, SubscriptionOptions> subscriptions = new ConcurrentHashMap<>();
    private final InflightWindow inflight = new InflightWindow();
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final Map<Integer, Long> awaitingRel = new HashMap<>();
    private final Queue<Delivery> inbox = PlatformDependent.newMpscQueue();
    private final AtomicInteger wip = new AtomicInteger();
    private final Runnable drainTask = this::drain;

    private volatile long expiryIntervalSeconds;
    private volatile ClientInfo lastClient;
    private volatile long disconnectedAt;
    private ScheduledFuture<?> expiryTask;
    private ScheduledFuture<?> willTask;
    private ScheduledFuture<?> retryTask;
    private Will pendingWill;

    Session(String clientId, EventLoop executor, SessionServices services) {
        this.clientId = clientId;
        this.executor = executor;
        this.services = services;
    }

    // ---- identity and views (any thread) -------------------------------------------------------------------

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public boolean isOnline() {
        return claimedBy != null;
    }

    public EventLoop executor() {
        return executor;
    }

    public long createdAt() {
        return createdAt;
    }

    /** The connection of the last client that used this session (still readable after it closed). */
    public ClientInfo lastClient() {
        return lastClient;
    }

    public long expiryIntervalSeconds() {
        return expiryIntervalSeconds;
    }

    public long disconnectedAt() {
        return disconnectedAt;
    }

    public boolean isTerminated() {
        return terminated;
    }

    /** Raw filter (with any {@code $share/g/} prefix) → options. */
    public Map<String, SubscriptionOptions> subscriptions() {
        return subscriptions;
    }

    public List<Subscription> subscriptionList() {
        List<Subscription> out = new ArrayList<>();
        subscriptions.forEach((f, o) -> out.add(new Subscription(clientId, f, o)));
        return out;
    }

    /** Approximate sizes for {@code ctl sessions show}: in flight, queued, awaiting PUBREL. */
    public int[] sizes() {
        return new int[] {inflight.size(), queue.size(), awaitingRel.size()};
    }

    /** Runs {@code task} on the session's thread (following the session if it moves). */
    public void execute(Runnable task) {
        EventLoop ex = executor;
        ex.execute(() -> {
            if (executor != ex && !executor.inEventLoop()) {
                execute(task);
            } else {
                task.run();
            }
        });
    }

    // ---- delivery (any thread) -----------------------------------------------------------------------------

    @Override
    public void deliver(Message message, SubscriptionOptions options, SharedRef shared) {
        inbox.offer(new Delivery(message, options, shared, false));
        scheduleDrain();
    }

    /** A retained message sent because of a new subscription: always RETAIN=1 [MQTT-3.3.1-8]. */
    public void deliverRetained(Message message, SubscriptionOptions options) {
        inbox.offer(new Delivery(message, options, null, true));
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (wip.getAndIncrement() == 0) {
            executor.execute(drainTask);
        }
    }

    private void drain() {
        EventLoop ex = executor;
        if (!ex.inEventLoop()) {
            ex.execute(drainTask); // the session moved to another event loop meanwhile
            return;
        }
        int missed = 1;
        while (true) {
            Delivery d;
            while ((d = inbox.poll()) != null) {
                accept(d);
            }
            pump();
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                break;
            }
        }
        if (live != null) {
            live.flush();
        }
    }

    private void accept(Delivery d) {
        if (terminated) {
            dropped(d, DropReason.SESSION_CLOSED, Metric.DELIVERY_DROPPED_SESSION_CLOSED);
            return;
        }
        if (d.message().isExpired(System.currentTimeMillis())) {
            dropped(d, DropReason.EXPIRED, Metric.DELIVERY_DROPPED_EXPIRED);
            return;
        }
        BrokerSettings s = services.settings().get();
        int qos = d.qos(s.upgradeQos());
        if (live == null || !started) {
            if (qos == 0 && !s.mqueueStoreQos0()) {
                dropped(d, DropReason.QOS0_OFFLINE, Metric.DELIVERY_DROPPED_QOS0_MSG);
                return;
            }
            enqueue(d, s);
        } else if (!queue.isEmpty() || !canSend(qos, s)) {
            enqueue(d, s);
        } else {
            send(d, qos, s);
        }
    }

    private boolean canSend(int qos, BrokerSettings s) {
        if (!live.isWritable()) {
            return false;
        }
        return qos == 0 || inflight.size() < Math.min(s.maxInflight(), live.clientReceiveMaximum());
    }

    private void enqueue(Delivery d, BrokerSettings s) {
        int max = s.maxMqueueLength();
        if (max > 0 && queue.size() >= max) {
            if (s.mqueueDropOldest()) {
                Delivery oldest = queue.poll();
                dropped(oldest, DropReason.QUEUE_FULL, Metric.DELIVERY_DROPPED_QUEUE_FULL);
            } else {
                dropped(d, DropReason.QUEUE_FULL, Metric.DELIVERY_DROPPED_QUEUE_FULL);
                return;
            }
        }
        queue.add(d);
    }

    /** Sends queued messages while the client can take them. */
    private void pump() {
        if (live == null || !started || queue.isEmpty()) {
            return;
        }
        BrokerSettings s = services.settings().get();
        long now = System.currentTimeMillis();
        Delivery d;
        while ((d = queue.peek()) != null) {
            if (d.message().isExpired(now)) {
                queue.poll();
                dropped(d, DropReason.EXPIRED, Metric.DELIVERY_DROPPED_EXPIRED);
                continue;
            }
            int qos = d.qos(s.upgradeQos());
            if (!canSend(qos, s)) {
                break;
            }
            queue.poll();
            send(d, qos, s);
        }
    }

    private void send(Delivery d, int qos, BrokerSettings s) {
        Outlet out = live;
        Message m = d.message();
        if (!services.hooks().messageDelivered.isEmpty()) {
            m = services.hooks().messageDelivered(out.client(), m);
        }
        boolean retain = d.retainFlag(out.client().isBridge());
        int packetId = 0;
        if (qos > 0) {
            packetId = inflight.nextPacketId();
        }
        if (!out.sendPublish(m, qos, packetId, false, retain, d.options())) {
            dropped(d, DropReason.TOO_LARGE, Metric.DELIVERY_DROPPED_TOO_LARGE);
            return;
        }
        if (qos > 0) {
            inflight.add(new InflightEntry(packetId, d, m, qos, System.currentTimeMillis()));
            scheduleRetry(s);
        }
        services.metrics().inc(Metric.MESSAGES_DELIVERED);
    }

    private void dropped(Delivery d, DropReason reason, Metric metric) {
        services.metrics().inc(Metric.DELIVERY_DROPPED);
        services.metrics().inc(metric);
        if (!services.hooks().messageDropped.isEmpty()) {
            services.hooks().messageDropped(d.message(), reason, lastClient);
        }
    }

    // ---- acknowledgements from the client (session thread) ------------------------------------------------

    /** PUBACK for a QoS 1 message. @return {@code false} if no such message was in flight */
    public boolean onPuback(int packetId) {
        InflightEntry e = inflight.get(packetId);
        if (e == null || e.qos != 1) {
            return false;
        }
        inflight.remove(packetId);
        acked(e);
        return true;
    }

    /**
     * PUBREC for a QoS 2 message.
     *
     * @return {@code true} if a PUBREL should be sent with success, {@code false} if the id is unknown (PUBREL with
     *         0x92 Packet Identifier not found)
     */
    public boolean onPubrec(int packetId, int reasonCode) {
        InflightEntry e = inflight.get(packetId);
        if (e == null || e.qos != 2) {
            return false;
        }
        if (reasonCode >= 0x80) {
            // the client refused the message: the flow ends here [MQTT-4.3.3-4]
            inflight.remove(packetId);
            pump();
            return true;
        }
        e.state = InflightEntry.WAIT_COMP;
        e.sentAt = System.currentTimeMillis();
        return true;
    }

    /** PUBCOMP for a QoS 2 message. @return {@code false} if no such message was waiting */
    public boolean onPubcomp(int packetId) {
        InflightEntry e = inflight.get(packetId);
        if (e == null || e.state != InflightEntry.WAIT_COMP) {
            return false;
        }
        inflight.remove(packetId);
        acked(e);
        return true;
    }

    private void acked(InflightEntry e) {
        services.metrics().inc(Metric.MESSAGES_ACKED);
        if (!services.hooks().messageAcked.isEmpty() && live != null) {
            services.hooks().messageAcked(live.client(), e.message);
        }
        pump();
    }

    /** The connection's socket became writable again: send what waited. */
    public void onWritable() {
        pump();
        if (live != null) {
            live.flush();
        }
    }

    // ---- QoS 2 from the client (session thread) ------------------------------------------------------------

    /** @return {@code true} if {@code packetId} is a QoS 2 message already received and awaiting PUBREL */
    public boolean isAwaitingRel(int packetId) {
        return awaitingRel.containsKey(packetId);
    }

    public int awaitingRelCount() {
        return awaitingRel.size();
    }

    public void addAwaitingRel(int packetId) {
        awaitingRel.put(packetId, System.currentTimeMillis());
    }

    /** PUBREL: @return {@code false} if the id was not awaiting release (PUBCOMP 0x92) */
    public boolean release(int packetId) {
        return awaitingRel.remove(packetId) != null;
    }

    /** Forgets QoS 2 packet ids older than {@code await_rel_timeout}. @return how many were dropped */
    public int expireAwaitingRel(long nowMillis) {
        long timeout = services.settings().get().awaitRelTimeout().toMillis();
        if (timeout <= 0 || awaitingRel.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (Iterator<Long> it = awaitingRel.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next() > timeout) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    // ---- subscriptions (session thread) --------------------------------------------------------------------

    /** @return {@code true} if the subscription is new (for Retain Handling 1) */
    public boolean subscribe(String rawFilter, Topics.Filter filter, SubscriptionOptions options) {
        services.router().subscribe(this, filter, options);
        return subscriptions.put(rawFilter, options) == null;
    }

    public boolean unsubscribe(String rawFilter) {
        SubscriptionOptions removed = subscriptions.remove(rawFilter);
        if (removed == null) {
            return false;
        }
        Topics.Filter f = Topics.parseFilter(rawFilter);
        if (f != null) {
            services.router().unsubscribe(this, f);
            if (f.isShared()) {
                redispatchShared(f.group(), f.filter());
            }
        }
        return true;
    }

    // ---- lifecycle (session thread) ------------------------------------------------------------------------

    /** Makes {@code loop} the session's thread. Called on the current thread of the session. */
    void moveTo(EventLoop loop) {
        this.executor = loop;
    }

    /** Attaches a connection; nothing is sent until {@link #start()}. Runs on the connection's event loop. */
    void attach(Outlet outlet, long expiryInterval) {
        this.executor = outlet.eventLoop();
        this.live = outlet;
        this.started = false;
        this.lastClient = outlet.client();
        this.expiryIntervalSeconds = expiryInterval;
        cancel(expiryTask);
        expiryTask = null;
        if (willTask != null) {
            // reconnected before the will delay ran out: the will is not sent [MQTT-3.1.3-9]
            cancel(willTask);
            willTask = null;
            pendingWill = null;
        }
    }

    /**
     * Called after the CONNACK went out: resends what was in flight (PUBLISH with DUP, or PUBREL) in the original
     * order [MQTT-4.4.0-1], then sends queued messages.
     */
    public void start() {
        started = true;
        Outlet out = live;
        if (out == null) {
            return;
        }
        for (InflightEntry e : inflight.entries()) {
            if (e.state == InflightEntry.WAIT_COMP) {
                out.sendPubrel(e.packetId);
            } else {
                boolean retain = e.delivery.retainFlag(out.client().isBridge());
                if (!out.sendPublish(e.message, e.qos, e.packetId, true, retain, e.delivery.options())) {
                    inflight.remove(e.packetId);
                    dropped(e.delivery, DropReason.TOO_LARGE, Metric.DELIVERY_DROPPED_TOO_LARGE);
                    continue;
                }
            }
            e.sentAt = System.currentTimeMillis();
        }
        if (!inflight.isEmpty()) {
            scheduleRetry(services.settings().get());
        }
        scheduleDrain();
    }

    /** The connection went away; the session stays for {@code expiry} seconds (0: ends now). */
    void detach(Outlet outlet) {
        if (live != outlet) {
            return;
        }
        live = null;
        started = false;
        disconnectedAt = System.currentTimeMillis();
        cancel(retryTask);
        retryTask = null;
    }

    void scheduleExpiry(long seconds, Runnable onExpiry) {
        cancel(expiryTask);
        if (seconds >= 0xFFFFFFFFL) {
            return; // never expires
        }
        expiryTask = executor.schedule(onExpiry, seconds, TimeUnit.SECONDS);
    }

    void setExpiryInterval(long seconds) {
        this.expiryIntervalSeconds = seconds;
    }

    /**
     * Holds the will for {@code delaySeconds}; {@link #attach} cancels it, {@link #terminate} publishes it at once.
     */
    void scheduleWill(Will will, long delaySeconds) {
        cancel(willTask);
        pendingWill = will;
        willTask = executor.schedule(this::publishPendingWill, delaySeconds, TimeUnit.SECONDS);
    }

    private void publishPendingWill() {
        Will w = pendingWill;
        pendingWill = null;
        willTask = null;
        if (w != null) {
            services.publisher().accept(w.message());
        }
    }

    /**
     * Ends the session for good: removes its subscriptions from the router, re-dispatches unacknowledged shared
     * messages, drops the rest, publishes a pending will.
     */
    void terminate() {
        if (terminated) {
            return;
        }
        terminated = true;
        cancel(expiryTask);
        cancel(retryTask);
        if (willTask != null) {
            cancel(willTask);
            publishPendingWill();
        }
        for (String raw : new ArrayList<>(subscriptions.keySet())) {
            Topics.Filter f = Topics.parseFilter(raw);
            if (f != null) {
                services.router().unsubscribe(this, f);
            }
        }
        subscriptions.clear();
        List<Delivery> leftovers = new ArrayList<>();
        for (InflightEntry e : inflight.entries()) {
            if (e.state == InflightEntry.WAIT_ACK) {
                leftovers.add(e.delivery);
            }
        }
        leftovers.addAll(queue);
        Delivery d;
        while ((d = inbox.poll()) != null) {
            leftovers.add(d);
        }
        inflight.clear();
        queue.clear();
        awaitingRel.clear();
        for (Delivery left : leftovers) {
            if (left.shared() == null || !services.router().redispatchShared(left.shared().group(),
                    left.shared().filter(), left.message(), this)) {
                if (left.message().qos() > 0) {
                    dropped(left, DropReason.SESSION_CLOSED, Metric.DELIVERY_DROPPED_SESSION_CLOSED);
                }
            }
        }
        live = null;
    }

    /** Messages of {@code group} in flight or queued go to another member (the client left the group). */
    private void redispatchShared(String group, String filter) {
        for (InflightEntry e : inflight.entries()) {
            SharedRef ref = e.delivery.shared();
            if (ref != null && ref.group().equals(group) && ref.filter().equals(filter)
                    && e.state == InflightEntry.WAIT_ACK
                    && services.router().redispatchShared(group, filter, e.message, this)) {
                inflight.remove(e.packetId);
            }
        }
        for (Iterator<Delivery> it = queue.iterator(); it.hasNext(); ) {
            Delivery d = it.next();
            SharedRef ref = d.shared();
            if (ref != null && ref.group().equals(group) && ref.filter().equals(filter)
                    && services.router().redispatchShared(group, filter, d.message(), this)) {
                it.remove();
            }
        }
    }

    // ---- redelivery for 3.1.x (MQTT 5 forbids resending except on reconnect [MQTT-4.4.0-1]) ---------------

    private void scheduleRetry(BrokerSettings s) {
        if (retryTask != null || live == null || live.client().protocolVersion() >= 5) {
            return;
        }
        long interval = s.retryInterval().toMillis();
        if (interval <= 0) {
            return;
        }
        retryTask = executor.schedule(this::retry, interval, TimeUnit.MILLISECONDS);
    }

    private void retry() {
        retryTask = null;
        Outlet out = live;
        if (out == null || inflight.isEmpty()) {
            return;
        }
        BrokerSettings s = services.settings().get();
        long now = System.currentTimeMillis();
        long interval = s.retryInterval().toMillis();
        for (InflightEntry e : inflight.entries()) {
            if (now - e.sentAt >= interval) {
                if (e.state == InflightEntry.WAIT_COMP) {
                    out.sendPubrel(e.packetId);
                } else {
                    out.sendPublish(e.message, e.qos, e.packetId, true, e.delivery.retainFlag(out.client().isBridge()),
                            e.delivery.options());
                }
                e.sentAt = now;
            }
        }
        out.flush();
        scheduleRetry(s);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "Session{" + clientId + '}';
    }
}
