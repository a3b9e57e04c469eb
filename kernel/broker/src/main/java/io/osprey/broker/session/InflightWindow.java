package io.osprey.broker.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The outbound in-flight window of one session: QoS 1/2 messages sent and not yet acknowledged, by packet id, in
 * send order (so redelivery on resume keeps the original order [MQTT-4.6.0-1]). Owned by the session's thread.
 * <p>
 * Written for the publish path: an open-addressing table keyed by the packet id itself (no boxed {@code Integer},
 * no map entry per message) plus a list through the entries for the send order. Packet ids are handed out in
 * sequence, so they land in consecutive slots and lookups rarely probe.
 */
final class InflightWindow {

    private InflightEntry[] table = new InflightEntry[16];
    private int size;
    private InflightEntry head;
    private InflightEntry tail;
    private int nextPacketId = 1;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    InflightEntry get(int packetId) {
        int mask = table.length - 1;
        for (int i = packetId & mask; ; i = (i + 1) & mask) {
            InflightEntry e = table[i];
            if (e == null || e.packetId == packetId) {
                return e;
            }
        }
    }

    /** Adds an entry (its packet id must not be in flight) at the end of the send order. */
    void add(InflightEntry e) {
        if ((size + 1) * 2 > table.length) {
            resize(table.length * 2);
        }
        insert(table, e);
        size++;
        e.prev = tail;
        e.next = null;
        if (tail == null) {
            head = e;
        } else {
            tail.next = e;
        }
        tail = e;
    }

    InflightEntry remove(int packetId) {
        int mask = table.length - 1;
        int i = packetId & mask;
        InflightEntry e;
        while ((e = table[i]) != null && e.packetId != packetId) {
            i = (i + 1) & mask;
        }
        if (e == null) {
            return null;
        }
        table[i] = null;
        // backward-shift deletion: close the gap so that later entries of the probe run stay reachable
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = table[j].packetId & mask;
            boolean movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (movable) {
                table[i] = table[j];
                table[j] = null;
                i = j;
            }
        }
        size--;
        if (e.prev == null) {
            head = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            tail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        return e;
    }

    /** A packet id from 1 to 65535 that is not in flight. Requires the window to be smaller than 65535. */
    int nextPacketId() {
        while (true) {
            int id = nextPacketId;
            nextPacketId = id == 65535 ? 1 : id + 1;
            if (get(id) == null) {
                return id;
            }
        }
    }

    /** Entries in send order (a copy; callers may modify the window while iterating it). */
    List<InflightEntry> entries() {
        List<InflightEntry> out = new ArrayList<>(size);
        for (InflightEntry e = head; e != null; e = e.next) {
            out.add(e);
        }
        return out;
    }

    void clear() {
        for (InflightEntry e = head; e != null; ) {
            InflightEntry next = e.next;
            e.prev = null;
            e.next = null;
            e = next;
        }
        head = null;
        tail = null;
        size = 0;
        table = new InflightEntry[16];
    }

    private void resize(int capacity) {
        InflightEntry[] bigger = new InflightEntry[capacity];
        for (InflightEntry e : table) {
            if (e != null) {
                insert(bigger, e);
            }
        }
        table = bigger;
    }

    private static void insert(InflightEntry[] t, InflightEntry e) {
        int mask = t.length - 1;
        int i = e.packetId & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = e;
    }
}
