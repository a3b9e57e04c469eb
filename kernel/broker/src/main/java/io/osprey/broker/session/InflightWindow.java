package io.osprey.broker.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The outbound in-flight window of one session: QoS 1/2 messages sent and not yet acknowledged, by packet id, in
 * send order (so redelivery on resume keeps the original order [MQTT-4.6.0-1]). Owned by the session's thread.
 */
final class InflightWindow {

    private final LinkedHashMap<Integer, InflightEntry> byId = new LinkedHashMap<>();
    private int nextPacketId = 1;

    int size() {
        return byId.size();
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    InflightEntry get(int packetId) {
        return byId.get(packetId);
    }

    void add(InflightEntry e) {
        byId.put(e.packetId, e);
    }

    InflightEntry remove(int packetId) {
        return byId.remove(packetId);
    }

    /** A packet id from 1 to 65535 that is not in flight. Requires the window to be smaller than 65535. */
    int nextPacketId() {
        while (true) {
            int id = nextPacketId;
            nextPacketId = id == 65535 ? 1 : id + 1;
            if (!byId.containsKey(id)) {
                return id;
            }
        }
    }

    /** Entries in send order (a copy; callers may modify the window while iterating it). */
    List<InflightEntry> entries() {
        return new ArrayList<>(byId.values());
    }

    Iterator<InflightEntry> iterator() {
        return byId.values().iterator();
    }

    void clear() {
        byId.clear();
    }
}
