package io.osprey.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.osprey.api.ClientInfo;
import io.osprey.broker.acl.WillGate;
import io.osprey.broker.alarm.AlarmRegistry;
import io.osprey.broker.banned.Ban;
import io.osprey.broker.banned.BanList;
import io.osprey.broker.banned.FlappingDetector;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.hooks.HookRegistry;
import io.osprey.broker.listener.ByteCounter;
import io.osprey.broker.listener.IoLoops;
import io.osprey.broker.listener.ListenerException;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.metrics.Metrics;
import io.osprey.broker.metrics.Stats;
import io.osprey.broker.retain.RetainStore;
import io.osprey.broker.router.Router;
import io.osprey.broker.session.Outlet;
import io.osprey.broker.session.SessionRegistry;
import io.osprey.broker.session.SessionServices;
import io.osprey.broker.store.MemoryStore;
import io.osprey.broker.store.MvStore;
import io.osprey.broker.store.Store;
import io.osprey.broker.sys.SysPublisher;
import io.osprey.broker.trace.TraceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT engine of one node, without OSGi: I/O threads, listeners, router, sessions, retained messages, hooks,
 * metrics and {@code $SYS}. The OSGi component ({@code BrokerComponent}) creates one; tests create one directly.
 */
public final class Broker {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final String VERSION = readVersion();

    private volatile BrokerSettings settings;
    private final Path home;
    private final Metrics metrics = new Metrics();
    private final Stats stats = new Stats();
    private final HookRegistry hooks = new HookRegistry(metrics);
    private final Router router = new Router();
    private final RetainStore retained;
    private final Store store;
    private final SessionRegistry sessions;
    private final Dispatcher dispatcher;
    private final SysPublisher sys;
    private final AlarmRegistry alarms;
    private final TraceRegistry traces = new TraceRegistry();
    private final BanList bans;
    private final FlappingDetector flapping;
    private final ByteCounter byteCounter = new ByteCounter(metrics);
    private final Map<String, MqttListener> listeners = new ConcurrentHashMap<>();
    /** Listeners stopped with their clients still being disconnected; {@link #stop()} waits for them too. */
    private final List<MqttListener> draining = new CopyOnWriteArrayList<>();
    /** Message ids: increasing across restarts (time-seeded) and unique on this node. */
    private final AtomicLong messageIds = new AtomicLong(System.currentTimeMillis() << 20);
    private IoLoops loops;
    private long startedAt;

    public Broker(BrokerSettings settings, Path home) {
        this.settings = settings;
        this.home = home;
        this.store = openStore(settings);
        this.retained = store.retained();
        this.dispatcher = new Dispatcher(router, retained, hooks, metrics, this::settings, traces);
        this.bans = new BanList(settings.dataDir().resolve("banned.json"));
        this.flapping = new FlappingDetector(bans, metrics, settings.flapping());
        WillGate wills = new WillGate(hooks, this::settings, metrics, dispatcher, () -> loops.workers().next());
        this.sessions = new SessionRegistry(new SessionServices(router, hooks, metrics, this::settings,
                wills::publish, store));
        this.sys = new SysPublisher(this);
        this.alarms = new AlarmRegistry(sys, settings.nodeName());
        bans.onAdd(this::disconnectBanned);
        applySettings(settings);
        stats.gauge("connections", sessions::onlineCount);
        stats.gauge("sessions", sessions::size);
        stats.gauge("subscriptions", router::subscriptionCount);
        stats.gauge("subscriptions.shared", router::sharedSubscriptionCount);
        stats.gauge("topics", router::routeCount);
        stats.gauge("routes", router::routeCount);
        stats.gauge("retained", retained::size);
    }

    public synchronized void start() {
        if (loops != null) {
            return;
        }
        startedAt = System.currentTimeMillis();
        loops = new IoLoops(settings.ioThreads());
        recover();
        sys.start();
        loops.workers().next().scheduleAtFixedRate(flapping::sweep, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
        LOG.info("Osprey {} engine started on node {} ({} I/O threads, {})", VERSION, nodeName(),
                settings.ioThreads(), loops.transportName());
    }

    /**
     * Stops the node gracefully: listeners stop accepting, MQTT 5 clients get DISCONNECT 0x8B (Server shutting down),
     * then the I/O threads end.
     */
    public synchronized void stop() {
        if (loops == null) {
            return;
        }
        sys.stop();
        for (MqttListener l : listeners.values()) {
            l.stop(true);
        }
        // every client gets its DISCONNECT before the I/O threads stop: a stopping event loop closes its channels
        // before it runs the tasks still queued, and the disconnects of a listener stopped just before the engine
        // (the listener components stop first when the node shuts down) may still be queued
        draining.addAll(listeners.values());
        long deadline = System.currentTimeMillis() + 3000;
        for (MqttListener l : draining) {
            while (!l.connections().isEmpty() && System.currentTimeMillis() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        listeners.clear();
        draining.clear();
        traces.shutdown();
        loops.shutdown();
        store.close();
        loops = null;
        LOG.info("Osprey engine stopped");
    }

    private static Store openStore(BrokerSettings s) {
        if (!s.storeDisk()) {
            return new MemoryStore();
        }
        try {
            return new MvStore(s.dataDir().resolve("store"), s.storeCacheMb(), s.storeCommitInterval().toMillis());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the store under " + s.dataDir().resolve("store"), e);
        }
    }

    /** Persistent sessions and their messages come back before any listener accepts a client. */
    private void recover() {
        if (!store.isDurable()) {
            return;
        }
        long t0 = System.currentTimeMillis();
        long stoppedAt = t0;
        Object file = store.info().get("file");
        try {
            if (file != null) {
                stoppedAt = java.nio.file.Files.getLastModifiedTime(Path.of(file.toString())).toMillis();
            }
        } catch (IOException e) {
            // use now: sessions that were online keep their whole expiry
        }
        int restored = sessions.restore(store.sessions(), () -> loops.workers().next(), stoppedAt);
        LOG.info("Store: {} persistent sessions and {} retained messages restored in {} ms", restored,
                retained.size(), System.currentTimeMillis() - t0);
    }

    /** Applies a new configuration snapshot: connection-level settings affect new connections. */
    public void updateSettings(BrokerSettings s) {
        BrokerSettings old = this.settings;
        this.settings = s;
        applySettings(s);
        if (loops != null && (!old.sysInterval().equals(s.sysInterval())
                || !old.sysHeartbeat().equals(s.sysHeartbeat()))) {
            sys.reschedule(s);
        }
    }

    private void applySettings(BrokerSettings s) {
        router.setSharedStrategy(s.sharedStrategy());
        hooks.setSettings(s.hooks());
        if (flapping != null) {
            flapping.setPolicy(s.flapping());
        }
    }

    /** A new ban disconnects the clients it covers (MQTT 5: DISCONNECT 0x98 with the reason). */
    private void disconnectBanned(Ban ban) {
        sessions.forEach(session -> {
            Outlet o = sessions.connectionOf(session.clientId());
            if (o == null) {
                return;
            }
            ClientInfo c = o.client();
            boolean hit = switch (ban.as()) {
                case "clientid" -> ban.who().equals(c.clientId());
                case "username" -> ban.who().equals(c.username());
                default -> ban.who().equals(c.peerHost());
            };
            if (hit) {
                o.eventLoop().execute(() -> o.closeForSession("banned", 0x98));
            }
        });
    }

    // ---- listeners -----------------------------------------------------------------------------------------

    /** Binds a listener; a listener of the same name is replaced. */
    public MqttListener startListener(ListenerSettings s) throws ListenerException {
        if (loops == null) {
            throw new IllegalStateException("the broker is not started");
        }
        MqttListener old = listeners.remove(s.name());
        if (old != null) {
            old.stop(false);
        }
        MqttListener l = new MqttListener(this, s);
        l.start();
        listeners.put(s.name(), l);
        return l;
    }

    public void stopListener(String name, boolean closeClients) {
        MqttListener l = listeners.remove(name);
        if (l != null) {
            l.stop(closeClients);
            draining.removeIf(d -> d.connections().isEmpty());
            if (closeClients) {
                draining.add(l);
            }
        }
    }

    public MqttListener listener(String name) {
        return listeners.get(name);
    }

    public Collection<MqttListener> listeners() {
        List<MqttListener> out = new ArrayList<>(listeners.values());
        out.sort((a, b) -> a.settings().name().compareTo(b.settings().name()));
        return out;
    }

    // ---- parts ---------------------------------------------------------------------------------------------

    public BrokerSettings settings() {
        return settings;
    }

    public Path home() {
        return home;
    }

    public Metrics metrics() {
        return metrics;
    }

    public Stats stats() {
        return stats;
    }

    public HookRegistry hooks() {
        return hooks;
    }

    public Router router() {
        return router;
    }

    public RetainStore retained() {
        return retained;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public Store store() {
        return store;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public SysPublisher sys() {
        return sys;
    }

    public AlarmRegistry alarms() {
        return alarms;
    }

    public TraceRegistry traces() {
        return traces;
    }

    public BanList bans() {
        return bans;
    }

    public FlappingDetector flapping() {
        return flapping;
    }

    public IoLoops loops() {
        return loops;
    }

    public ByteCounter byteCounter() {
        return byteCounter;
    }

    public long nextMessageId() {
        return messageIds.incrementAndGet();
    }

    public String nodeName() {
        return settings.nodeName();
    }

    public String version() {
        return VERSION;
    }

    public long startedAt() {
        return startedAt;
    }

    private static String readVersion() {
        try (InputStream in = Broker.class.getResourceAsStream("/io/osprey/broker/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
