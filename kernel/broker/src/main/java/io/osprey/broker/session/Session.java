package io.osprey.broker.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
import io.osprey.broker.store.Store;
import io.osprey.broker.store.StoredDelivery;
import io.osprey.broker.store.StoredSession;

/**
 * The state MQTT keeps per client id across connections: subscriptions, messages in flight to the client, messages
 * queued while it cannot take more, QoS 2 packet ids received from it and awaiting PUBREL, expiry and will timers.
 * <p>
 * <b>Threading.</b> All state except {@link #subscriptions} belongs to {@link #executor()}: the event loop of the
 * attached connection, or of the last one while offline. Other threads hand messages in through {@link #deliver}
 * (a lock-free queue drained on the executor, with one flush per drain) and everything else through
 * {@link #execute(Runnable)}. When a client reconnects on another event loop the session moves with it
 * ({@link SessionRegistry} arranges the hand-over).
 * <p>
 * <b>Persistence.</b> When the store is durable and the session outlives its connection (expiry above 0), the
 * session keeps its record, its QoS 1/2 messages (queued and in flight, with packet ids and QoS 2 state) and the QoS 2
 * packet ids it received in the store, written from its own thread; a publisher's acknowledgement waits for those
 * writes through a {@link DurableBarrier}. Queued messages then live in the store ({@link StoredQueue}), not in memory.
 */
public final class Session implements Subscriber {

    private static final int INBOX_CHUNK = 64;
    private static final java.lang.invoke.VarHandle INBOX;

    static {
        try {
            INBOX = java.lang.invoke.MethodHandles.lookup().findVarHandle(Session.class, "inbox", Queue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String clientId;
    private final SessionServices services;
    private final Store store;
    private final long createdAt;

    /** The connection that owns the session now (set by the registry under its lock; may not be attached yet). */
    volatile Outlet claimedBy;
    private volatile EventLoop executor;
    private Outlet live;
    private boolean started;
    private volatile boolean terminated;
    /** Stored in a durable store (expiry above 0). Read by publishers' threads to decide on durability. */
    private volatile boolean persistent;

    private final ConcurrentHashMap<String, SubscriptionOptions> subscriptions = new ConcurrentHashMap<>();
    private final InflightWindow inflight = new InflightWindow();
    private DeliveryQueue queue = new MemoryQueue();
    private final Map<Integer, Long> awaitingRel = new HashMap<>();
    /** Deliveries from other threads; created on the first one, so that idle (e.g. offline) sessions cost no queue. */
    private volatile Queue<Delivery> inbox;
    private final AtomicInteger wip = new AtomicInteger();
    private final Runnable drainTask = this::drain;
    private long seq;

    private volatile long expiryIntervalSeconds;
    private volatile ClientInfo lastClient;
    private volatile long disconnectedAt;
    private ScheduledFuture<?> expiryTask;
    private ScheduledFuture<?> willTask;
    private ScheduledFuture<?> retryTask;
    private Will pendingWill;
    private long willDeadline;

    Session(String clientId, EventLoop executor, SessionServices services) {
        this(clientId, executor, services, System.currentTimeMillis());
    }

    Session(String clientId, EventLoop executor, SessionServices services, long createdAt) {
        this.clientId = clientId;
        this.executor = executor;
        this.services = services;
        this.store = services.store();
        this.createdAt = createdAt;
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

    public boolean isPersistent() {
        return persistent;
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

    /** Approximate sizes for {@code ctl sessions show}: in flight, queued, awaiting PUBREL, queued in memory. */
    public int[] sizes() {
        return new int[] {inflight.size(), queue.size(), awaitingRel.size(), queue.inMemory()};
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
        DurableBarrier barrier = null;
        if (persistent) {
            DurableBarrier b = DurableBarrier.current();
            if (b != null && Math.min(message.qos(), options.qos()) > 0) {
                b.expect(); // the publisher's ack waits until this session has stored the message
                barrier = b;
            }
        }
        inbox().offer(new Delivery(message, options, shared, false, 0, barrier));
        scheduleDrain();
    }

    /** A retained message sent because of a new subscription: always RETAIN=1 [MQTT-3.3.1-8]. */
    public void deliverRetained(Message message, SubscriptionOptions options) {
        inbox().offer(new Delivery(message, options, null, true));
        scheduleDrain();
    }

    private Queue<Delivery> inbox() {
        Queue<Delivery> q = inbox;
        if (q == null) {
            // small linked chunks: 100 000 sessions must not hold 100 000 large arrays
            q = PlatformDependent.newMpscQueue(INBOX_CHUNK, 1 << 30);
            if (!INBOX.compareAndSet(this, null, q)) {
                q = inbox;
            }
        }
        return q;
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
            Queue<Delivery> in = inbox;
            while (in != null && (d = in.poll()) != null) {
                boolean stored = false;
                try {
                    stored = accept(d);
                } finally {
                    if (d.barrier() != null) {
                        d.barrier().arrive(stored);
                    }
                }
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

    /** @return {@code true} if the delivery was written to the store */
    private boolean accept(Delivery d) {
        if (terminated) {
            dropped(d, DropReason.SESSION_CLOSED, Metric.DELIVERY_DROPPED_SESSION_CLOSED);
            return false;
        }
        if (d.message().isExpired(System.currentTimeMillis())) {
            dropped(d, DropReason.EXPIRED, Metric.DELIVERY_DROPPED_EXPIRED);
            return false;
        }
        BrokerSettings s = services.settings().get();
        int qos = d.qos(s.upgradeQos());
        boolean ready = live != null && started && queue.isEmpty();
        boolean sendNow = ready && canSend(qos, s);
        // a QoS 0 message for a client that is gone is dropped unless mqueue_store_qos0 (the socket may have closed
        // before the detach reached this thread: then the client is gone too)
        boolean dropQos0 = qos == 0 && !s.mqueueStoreQos0() && (live == null || !live.isOpen());
        if (!persistent || (sendNow && qos == 0)) {
            if (sendNow) {
                send(d, qos, s, false);
            } else if (dropQos0) {
                dropped(d, DropReason.QOS0_OFFLINE, Metric.DELIVERY_DROPPED_QOS0_MSG);
            } else if (!persistent) {
                enqueue(d, s);
            }
            return false;
        }
        // a persistent session: what it cannot send at once, and every QoS 1/2 message, goes to the store
        Delivery stored = d.stored(++seq);
        if (sendNow) {
            send(stored, qos, s, false); // stored as in flight, with its packet id
            return true;
        }
        if (dropQos0) {
            dropped(d, DropReason.QOS0_OFFLINE, Metric.DELIVERY_DROPPED_QOS0_MSG);
            return false;
        }
        store.putDelivery(clientId, stored.seq(), stored.toStored(StoredDelivery.QUEUED, 0, qos), false);
        enqueue(stored, s);
        return true;
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
                if (oldest != null) {
                    forget(oldest);
                    dropped(oldest, DropReason.QUEUE_FULL, Metric.DELIVERY_DROPPED_QUEUE_FULL);
                }
            } else {
                forget(d);
                dropped(d, DropReason.QUEUE_FULL, Metric.DELIVERY_DROPPED_QUEUE_FULL);
                return;
            }
        }
        queue.add(d);
    }

    /** Removes a stored delivery that will not be sent after all. */
    private void forget(Delivery d) {
        if (d.seq() > 0) {
            store.removeDelivery(clientId, d.seq());
        }
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
                forget(d);
                dropped(d, DropReason.EXPIRED, Metric.DELIVERY_DROPPED_EXPIRED);
                continue;
            }
            int qos = d.qos(s.upgradeQos());
            if (!canSend(qos, s)) {
                break;
            }
            queue.poll();
            send(d, qos, s, true);
        }
    }

    /** @param wasQueued {@code d} was stored as queued before (so this write replaces that one) */
    private void send(Delivery d, int qos, BrokerSettings s, boolean wasQueued) {
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
            forget(d);
            dropped(d, DropReason.TOO_LARGE, Metric.DELIVERY_DROPPED_TOO_LARGE);
            return;
        }
        if (qos > 0) {
            inflight.add(new InflightEntry(packetId, d, m, qos, System.currentTimeMillis()));
            if (d.seq() > 0) {
                store.putDelivery(clientId, d.seq(), d.toStored(StoredDelivery.INFLIGHT, packetId, qos), wasQueued);
            }
            scheduleRetry(s);
        } else {
            forget(d);
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
        forget(e.delivery);
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
            forget(e.delivery);
            pump();
            return true;
        }
        e.state = InflightEntry.WAIT_COMP;
        e.sentAt = System.currentTimeMillis();
        if (e.delivery.seq() > 0) {
            store.putDelivery(clientId, e.delivery.seq(), e.delivery.toStored(StoredDelivery.PUBREL, packetId, 2),
                    true);
        }
        return true;
    }

    /** PUBCOMP for a QoS 2 message. @return {@code false} if no such message was waiting */
    public boolean onPubcomp(int packetId) {
        InflightEntry e = inflight.get(packetId);
        if (e == null || e.state != InflightEntry.WAIT_COMP) {
            return false;
        }
        inflight.remove(packetId);
        forget(e.delivery);
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
        long now = System.currentTimeMillis();
        awaitingRel.put(packetId, now);
        if (persistent) {
            store.putAwaitingRel(clientId, packetId, now);
        }
    }

    /** PUBREL: @return {@code false} if the id was not awaiting release (PUBCOMP 0x92) */
    public boolean release(int packetId) {
        boolean was = awaitingRel.remove(packetId) != null;
        if (was && persistent) {
            store.removeAwaitingRel(clientId, packetId);
        }
        return was;
    }

    /** Forgets QoS 2 packet ids older than {@code await_rel_timeout}. @return how many were dropped */
    public int expireAwaitingRel(long nowMillis) {
        long timeout = services.settings().get().awaitRelTimeout().toMillis();
        if (timeout <= 0 || awaitingRel.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (Iterator<Map.Entry<Integer, Long>> it = awaitingRel.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Long> e = it.next();
            if (nowMillis - e.getValue() > timeout) {
                it.remove();
                if (persistent) {
                    store.removeAwaitingRel(clientId, e.getKey());
                }
                n++;
            }
        }
        return n;
    }

    // ---- subscriptions (session thread) --------------------------------------------------------------------

    /** @return {@code true} if the subscription is new (for Retain Handling 1) */
    public boolean subscribe(String rawFilter, Topics.Filter filter, SubscriptionOptions options) {
        services.router().subscribe(this, filter, options);
        boolean isNew = subscriptions.put(rawFilter, options) == null;
        saveRecord();
        return isNew;
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
        saveRecord();
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
        this.disconnectedAt = 0;
        cancel(expiryTask);
        expiryTask = null;
        if (willTask != null) {
            // reconnected before the will delay ran out: the will is not sent [MQTT-3.1.3-9]
            cancel(willTask);
            willTask = null;
            pendingWill = null;
            willDeadline = 0;
        }
        setExpiryInterval(expiryInterval);
        queue.online(true);
        saveRecord();
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
                    forget(e.delivery);
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

    /** The connection went away; the session stays for its expiry interval (or ends). */
    void detach(Outlet outlet) {
        if (live != outlet) {
            return;
        }
        live = null;
        started = false;
        disconnectedAt = System.currentTimeMillis();
        cancel(retryTask);
        retryTask = null;
        queue.online(false);
        saveRecord();
    }

    void scheduleExpiry(long seconds, Runnable onExpiry) {
        cancel(expiryTask);
        if (seconds >= 0xFFFFFFFFL) {
            return; // never expires
        }
        expiryTask = executor.schedule(onExpiry, seconds, TimeUnit.SECONDS);
    }

    /** Sets the expiry; a session that outlives its connection in a durable store becomes persistent. */
    void setExpiryInterval(long seconds) {
        this.expiryIntervalSeconds = seconds;
        boolean nowPersistent = store.isDurable() && seconds > 0;
        if (nowPersistent && !persistent) {
            persistent = true;
            if (queue instanceof MemoryQueue && queue.isEmpty()) {
                queue = new StoredQueue(store, clientId, services.settings().get().maxMqueueLength());
                queue.online(live != null);
            }
        } else if (!nowPersistent && persistent) {
            persistent = false; // ends with this connection; the record goes when it terminates
        }
    }

    /**
     * Holds the will for {@code delaySeconds}; {@link #attach} cancels it, {@link #terminate} publishes it at once.
     */
    void scheduleWill(Will will, long delaySeconds) {
        cancel(willTask);
        pendingWill = will;
        willDeadline = System.currentTimeMillis() + delaySeconds * 1000;
        willTask = executor.schedule(this::publishPendingWill, delaySeconds, TimeUnit.SECONDS);
        saveRecord();
    }

    private void publishPendingWill() {
        Will w = pendingWill;
        pendingWill = null;
        willTask = null;
        willDeadline = 0;
        if (w != null) {
            services.publisher().accept(w);
            saveRecord();
        }
    }

    /**
     * Ends the session for good: removes its subscriptions from the router, re-dispatches unacknowledged shared
     * messages, drops the rest, publishes a pending will, and deletes it from the store.
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
        leftovers.addAll(queue.drain());
        Delivery d;
        Queue<Delivery> in = inbox;
        while (in != null && (d = in.poll()) != null) {
            leftovers.add(d);
            if (d.barrier() != null) {
                d.barrier().arrive(false);
            }
        }
        inflight.clear();
        awaitingRel.clear();
        if (store.isDurable()) {
            store.removeSession(clientId);
        }
        persistent = false;
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
                forget(e.delivery);
            }
        }
        List<Delivery> keep = new ArrayList<>();
        for (Delivery d : queue.drain()) {
            SharedRef ref = d.shared();
            if (ref != null && ref.group().equals(group) && ref.filter().equals(filter)
                    && services.router().redispatchShared(group, filter, d.message(), this)) {
                forget(d);
            } else {
                keep.add(d);
            }
        }
        keep.forEach(queue::add);
    }

    // ---- persistence ---------------------------------------------------------------------------------------

    /** Writes the session record (subscriptions, expiry, will) when the session is persistent. */
    private void saveRecord() {
        if (!persistent || terminated) {
            return;
        }
        ClientInfo c = lastClient;
        store.putSession(new StoredSession(clientId, expiryIntervalSeconds, disconnectedAt,
                c == null ? null : c.username(), c == null ? 4 : c.protocolVersion(),
                new LinkedHashMap<>(subscriptions), pendingWill == null ? null : pendingWill.message(),
                willDeadline));
    }

    /**
     * Brings the session back from the store after a restart (before any client connects): subscriptions, QoS 2 ids,
     * messages in flight (resent with DUP on reconnect) and a count of the queued ones (read back on demand).
     */
    void restore(StoredSession record, ClientInfo client, long disconnectedAtMillis) {
        this.lastClient = client;
        this.expiryIntervalSeconds = record.expiryInterval();
        this.disconnectedAt = disconnectedAtMillis;
        this.persistent = true;
        StoredQueue stored = new StoredQueue(store, clientId, services.settings().get().maxMqueueLength());
        queue = stored;
        record.subscriptions().forEach((raw, options) -> {
            Topics.Filter f = Topics.parseFilter(raw);
            if (f != null) {
                subscriptions.put(raw, options);
                services.router().subscribe(this, f, options);
            }
        });
        awaitingRel.putAll(store.awaitingRel(clientId));
        // in-flight deliveries precede queued ones (the window is filled from the queue's head): read only those,
        // and count the queue without reading it, so a long offline queue costs nothing at startup
        Store.Extent extent = store.deliveryExtent(clientId);
        int inflightCount = 0;
        long after = 0;
        scan:
        while (true) {
            List<Map.Entry<Long, StoredDelivery>> batch = store.deliveries(clientId, after, 64);
            for (Map.Entry<Long, StoredDelivery> e : batch) {
                StoredDelivery s = e.getValue();
                if (s.state() == StoredDelivery.QUEUED) {
                    break scan;
                }
                after = e.getKey();
                InflightEntry entry = new InflightEntry(s.packetId(), Delivery.fromStored(e.getKey(), s),
                        s.message(), s.qos(), 0);
                if (s.state() == StoredDelivery.PUBREL) {
                    entry.state = InflightEntry.WAIT_COMP;
                }
                inflight.add(entry);
                inflightCount++;
            }
            if (batch.size() < 64) {
                break;
            }
        }
        seq = extent.lastSeq();
        stored.restored((int) Math.min(Integer.MAX_VALUE, extent.count() - inflightCount));
    }

    /** A will that was waiting for its delay when the node stopped: due now, or later. */
    void restoreWill(Message will, long deadline) {
        long wait = deadline - System.currentTimeMillis();
        pendingWill = new Will(will, 0);
        willDeadline = deadline;
        willTask = executor.schedule(this::publishPendingWill, Math.max(0, wait), TimeUnit.MILLISECONDS);
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
