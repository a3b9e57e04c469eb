package io.osprey.broker.alarm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.osprey.api.service.AlarmService;
import io.osprey.broker.sys.SysPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's alarms ({@link AlarmService}): active ones by name, and the last {@value #HISTORY} deactivated ones.
 * Changes are logged and published on {@code $SYS/brokers/<node>/alarms/activate|deactivate} as EMQX does.
 */
public final class AlarmRegistry implements AlarmService {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmRegistry.class);
    static final int HISTORY = 100;

    private final Map<String, Alarm> active = new ConcurrentHashMap<>();
    private final Deque<Alarm> history = new ArrayDeque<>();
    private final SysPublisher sys;
    private final String node;

    public AlarmRegistry(SysPublisher sys, String node) {
        this.sys = sys;
        this.node = node;
    }

    @Override
    public void activate(String name, String message, Map<String, Object> details) {
        Map<String, Object> d = details == null ? Map.of() : Map.copyOf(details);
        Alarm previous = active.get(name);
        Alarm alarm = new Alarm(name, message, d, previous == null ? System.currentTimeMillis()
                : previous.activatedAt(), 0);
        active.put(name, alarm);
        if (previous == null) {
            LOG.warn("Alarm {} activated: {}", name, message);
            sys.publishJson(sys.nodePrefix() + "alarms/activate", json(alarm));
        }
    }

    @Override
    public void deactivate(String name) {
        Alarm a = active.remove(name);
        if (a == null) {
            return;
        }
        Alarm done = new Alarm(a.name(), a.message(), a.details(), a.activatedAt(), System.currentTimeMillis());
        synchronized (history) {
            history.addFirst(done);
            while (history.size() > HISTORY) {
                history.removeLast();
            }
        }
        LOG.info("Alarm {} deactivated", name);
        sys.publishJson(sys.nodePrefix() + "alarms/deactivate", json(done));
    }

    @Override
    public List<Alarm> active() {
        List<Alarm> out = new ArrayList<>(active.values());
        out.sort(Comparator.comparingLong(Alarm::activatedAt));
        return out;
    }

    @Override
    public List<Alarm> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    /** EMQX's alarm fields. */
    public Map<String, Object> json(Alarm a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("message", a.message());
        m.put("details", a.details());
        m.put("node", node);
        m.put("activate_at", a.activatedAt());
        m.put("deactivate_at", a.isActive() ? "infinity" : a.deactivatedAt());
        m.put("activated", a.isActive());
        return m;
    }
}
