package io.osprey.broker.banned;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

import io.osprey.broker.metrics.Metrics;

/**
 * Flapping detection ({@code enable_flapping_detect}, {@code flapping_detect_policy = <max>, <window>, <ban>}): a
 * client id that disconnects {@code max} times within {@code window} is banned for {@code ban}, like EMQX. Each
 * client id keeps the times of its recent disconnects; ids with none left in the window are forgotten.
 */
public final class FlappingDetector {

    /** The parsed policy. */
    public record Policy(boolean enabled, int maxDisconnects, Duration window, Duration banTime) {
    }

    private final ConcurrentHashMap<String, ArrayDeque<Long>> history = new ConcurrentHashMap<>();
    private final BanList bans;
    private final Metrics metrics;
    private volatile Policy policy;

    public FlappingDetector(BanList bans, Metrics metrics, Policy policy) {
        this.bans = bans;
        this.metrics = metrics;
        this.policy = policy;
    }

    public void setPolicy(Policy policy) {
        this.policy = policy;
        if (!policy.enabled()) {
            history.clear();
        }
    }

    /** A client's connection ended; bans the client id when it flaps. */
    public void disconnected(String clientId) {
        Policy p = policy;
        if (!p.enabled() || clientId == null) {
            return;
        }
        long now = System.currentTimeMillis();
        long since = now - p.window().toMillis();
        boolean flapping;
        ArrayDeque<Long> times = history.computeIfAbsent(clientId, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (!times.isEmpty() && times.peekFirst() < since) {
                times.pollFirst();
            }
            flapping = times.size() >= p.maxDisconnects();
            if (flapping) {
                times.clear();
            }
        }
        if (flapping) {
            history.remove(clientId);
            metrics.inc("flapping.banned");
            bans.add(new Ban("clientid", clientId, "flapping: " + p.maxDisconnects() + " disconnects within "
                    + p.window().toSeconds() + " s", "flapping_detector", now, now + p.banTime().toMillis()));
        }
    }

    /** Forgets ids whose disconnects all left the window (called now and then). */
    public void sweep() {
        long since = System.currentTimeMillis() - policy.window().toMillis();
        history.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().isEmpty() || e.getValue().peekLast() < since;
            }
        });
    }

    public int tracked() {
        return history.size();
    }
}
