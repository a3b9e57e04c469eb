package io.osprey.broker.retain;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.osprey.api.Message;
import io.osprey.broker.router.Topics;

/**
 * Retained messages in memory: a hash map for exact lookups and a trie of topic levels so that a wildcard
 * subscription visits only the branches it can match, not every retained topic.
 */
public final class MemoryRetainStore implements RetainStore {

    private final ConcurrentHashMap<String, Message> byTopic = new ConcurrentHashMap<>();
    private final Node root = new Node();
    private final Object lock = new Object();

    @Override
    public void put(Message message) {
        synchronized (lock) {
            byTopic.put(message.topic(), message);
            Node node = root;
            for (String level : Topics.split(message.topic())) {
                node = node.children.computeIfAbsent(level, l -> new Node());
            }
            node.message = message;
        }
    }

    @Override
    public boolean delete(String topic) {
        synchronized (lock) {
            if (byTopic.remove(topic) == null) {
                return false;
            }
            String[] levels = Topics.split(topic);
            Node[] path = new Node[levels.length + 1];
            path[0] = root;
            for (int i = 0; i < levels.length; i++) {
                path[i + 1] = path[i].children.get(levels[i]);
                if (path[i + 1] == null) {
                    return true;
                }
            }
            path[levels.length].message = null;
            for (int i = levels.length; i > 0; i--) {
                Node n = path[i];
                if (n.message == null && n.children.isEmpty()) {
                    path[i - 1].children.remove(levels[i - 1]);
                } else {
                    break;
                }
            }
            return true;
        }
    }

    @Override
    public Message get(String topic) {
        return byTopic.get(topic);
    }

    @Override
    public void match(String filter, long nowMillis, Consumer<Message> action) {
        if (!Topics.hasWildcard(filter)) {
            Message m = byTopic.get(filter);
            if (m != null && !m.isExpired(nowMillis)) {
                action.accept(m);
            }
            return;
        }
        match(root, Topics.split(filter), 0, nowMillis, action);
    }

    private void match(Node node, String[] levels, int i, long now, Consumer<Message> action) {
        if (i == levels.length) {
            emit(node.message, now, action);
            return;
        }
        String level = levels[i];
        if (level.equals("#")) {
            // "a/#" matches "a" itself and everything below it; at the top level not "$..." topics
            if (i > 0) {
                emit(node.message, now, action);
            }
            for (var e : node.children.entrySet()) {
                if (i == 0 && e.getKey().startsWith("$")) {
                    continue;
                }
                subtree(e.getValue(), now, action);
            }
        } else if (level.equals("+")) {
            for (var e : node.children.entrySet()) {
                if (i == 0 && e.getKey().startsWith("$")) {
                    continue;
                }
                match(e.getValue(), levels, i + 1, now, action);
            }
        } else {
            Node child = node.children.get(level);
            if (child != null) {
                match(child, levels, i + 1, now, action);
            }
        }
    }

    private void subtree(Node node, long now, Consumer<Message> action) {
        emit(node.message, now, action);
        for (Node child : node.children.values()) {
            subtree(child, now, action);
        }
    }

    private static void emit(Message m, long now, Consumer<Message> action) {
        if (m != null && !m.isExpired(now)) {
            action.accept(m);
        }
    }

    @Override
    public void forEach(Consumer<Message> action) {
        byTopic.values().forEach(action);
    }

    @Override
    public int size() {
        return byTopic.size();
    }

    @Override
    public void clear() {
        synchronized (lock) {
            byTopic.clear();
            root.children.clear();
        }
    }

    private static final class Node {
        final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>(4);
        volatile Message message;
    }
}
