package io.osprey.broker.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.osprey.broker.router.Topics;

/**
 * Running traces ({@code ctl trace}): by client id (every packet in and out of that client's connections, including
 * after it reconnects) and by topic filter (every message on matching topics). When nothing is traced the cost on the
 * hot path is one volatile read.
 */
public final class TraceRegistry {

    private final Map<String, TraceTarget> clients = new ConcurrentHashMap<>();
    private final Map<String, TraceTarget> topics = new ConcurrentHashMap<>();
    private volatile boolean anyClient;
    private volatile boolean anyTopic;
    private final TraceWriter writer = new TraceWriter();

    public boolean anyClient() {
        return anyClient;
    }

    public boolean anyTopic() {
        return anyTopic;
    }

    /** The trace of {@code clientId}, or {@code null}. */
    public TraceTarget forClient(String clientId) {
        return clientId == null ? null : clients.get(clientId);
    }

    /** Calls {@code action} for each topic trace whose filter matches {@code topic}. */
    public void forTopic(String topic, java.util.function.Consumer<TraceTarget> action) {
        for (Map.Entry<String, TraceTarget> e : topics.entrySet()) {
            if (Topics.matches(e.getKey(), topic)) {
                action.accept(e.getValue());
            }
        }
    }

    /**
     * @param kind  {@code client} or {@code topic}
     * @param level {@code debug} (with payloads) or {@code info}
     * @throws IOException when the file cannot be opened
     * @throws IllegalArgumentException for a bad kind, a bad filter, or a trace that already runs
     */
    public TraceTarget start(String kind, String target, Path file, String level) throws IOException {
        Map<String, TraceTarget> map = mapOf(kind);
        if (kind.equals("topic") && Topics.parseFilter(target) == null) {
            throw new IllegalArgumentException("invalid topic filter: " + target);
        }
        if (map.containsKey(target)) {
            throw new IllegalArgumentException("a trace of " + kind + " " + target + " is already running");
        }
        TraceTarget t = new TraceTarget(kind, target, file, level, writer);
        map.put(target, t);
        refresh();
        t.line("trace of " + kind + " " + target + " started, level " + level);
        return t;
    }

    /** Stops a trace once its queued lines are written. @return {@code false} when it was not running */
    public boolean stop(String kind, String target) {
        TraceTarget t = mapOf(kind).remove(target);
        refresh();
        if (t == null) {
            return false;
        }
        t.line("trace of " + kind + " " + target + " stopped");
        CountDownLatch closed = new CountDownLatch(1);
        writer.close(t, closed::countDown);
        try {
            closed.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    public List<TraceTarget> list() {
        List<TraceTarget> out = new ArrayList<>(clients.values());
        out.addAll(topics.values());
        return out;
    }

    public void shutdown() {
        for (TraceTarget t : list()) {
            stop(t.kind(), t.target());
        }
        writer.shutdown();
    }

    private Map<String, TraceTarget> mapOf(String kind) {
        return switch (kind) {
            case "client" -> clients;
            case "topic" -> topics;
            default -> throw new IllegalArgumentException("trace kind must be client or topic: " + kind);
        };
    }

    private void refresh() {
        anyClient = !clients.isEmpty();
        anyTopic = !topics.isEmpty();
    }
}
