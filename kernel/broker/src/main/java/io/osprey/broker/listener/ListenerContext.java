package io.osprey.broker.listener;

import io.osprey.broker.config.ListenerSettings;

/** What a connection knows of the listener that accepted it: its name, current settings and counters. */
public final class ListenerContext {

    private volatile ListenerSettings settings;
    private final ListenerStats stats = new ListenerStats();

    public ListenerContext(ListenerSettings settings) {
        this.settings = settings;
    }

    public String name() {
        return settings.name();
    }

    public ListenerSettings settings() {
        return settings;
    }

    void update(ListenerSettings settings) {
        this.settings = settings;
    }

    public ListenerStats stats() {
        return stats;
    }
}
