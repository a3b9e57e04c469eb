package io.osprey.plugin.license;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.osprey.api.service.AlarmService;

/** An {@link AlarmService} that remembers what is active, and every activation and deactivation in order. */
final class RecordingAlarms implements AlarmService {

    final Map<String, Alarm> active = new ConcurrentHashMap<>();
    final List<String> events = new ArrayList<>();

    @Override
    public synchronized void activate(String name, String message, Map<String, Object> details) {
        if (active.put(name, new Alarm(name, message, details, 1, 0)) == null) {
            events.add("+" + name);
        }
    }

    @Override
    public synchronized void deactivate(String name) {
        if (active.remove(name) != null) {
            events.add("-" + name);
        }
    }

    @Override
    public List<Alarm> active() {
        return new ArrayList<>(active.values());
    }

    @Override
    public List<Alarm> history() {
        return List.of();
    }

    String message(String name) {
        Alarm a = active.get(name);
        return a == null ? null : a.message();
    }
}
