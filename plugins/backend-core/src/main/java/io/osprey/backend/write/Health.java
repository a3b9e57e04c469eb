package io.osprey.backend.write;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a backend knows of its server's health: up, down since when and why, or still connecting.
 * <p>
 * A connection failure marks the server down. While it is down, {@link #mayTry()} says no — except once per
 * {@code retry_interval}, as a probe — so that authentication, ACL and lookups answer at once instead of each waiting
 * for a connect timeout; the writer ignores it and keeps retrying on its own schedule. The first success marks it up
 * again. State changes are logged once each.
 */
public final class Health {

    private static final Logger LOG = LoggerFactory.getLogger(Health.class);

    private final String plugin;
    private final String server;
    private final String target;
    private final long retryMillis;
    private volatile boolean up = true;
    private volatile boolean everConnected;
    private volatile String lastError;
    private volatile long downSince;
    private volatile long lastProbe;

    /**
     * @param plugin the plugin's name for logs ({@code backend-pgsql})
     * @param server the kind of server ({@code PostgreSQL})
     * @param target where it is ({@code 127.0.0.1:5432/mqtt})
     */
    public Health(String plugin, String server, String target, long retryMillis) {
        this.plugin = plugin;
        this.server = server;
        this.target = target;
        this.retryMillis = retryMillis;
    }

    /** Should a query that must not wait try the server now? */
    public boolean mayTry() {
        if (up) {
            return true;
        }
        long now = System.currentTimeMillis();
        if (now - lastProbe < retryMillis) {
            return false;
        }
        lastProbe = now;
        return true;
    }

    /** Records a successful exchange with the server. */
    public void markUp() {
        if (!up) {
            LOG.info("{} {} is reachable again after {} ms", server, target, System.currentTimeMillis() - downSince);
        }
        up = true;
        everConnected = true;
    }

    /** Records a connection failure. */
    public void markDown(String error) {
        lastError = error;
        if (up) {
            up = false;
            downSince = System.currentTimeMillis();
            lastProbe = downSince;
            LOG.warn("{} {} is unreachable: {}; {} queues writes and retries every {} ms", server, target, error,
                    plugin, retryMillis);
        }
    }

    public boolean isUp() {
        return up;
    }

    public String lastError() {
        return lastError;
    }

    /** {@code PostgreSQL}, {@code Redis}: for messages. */
    public String server() {
        return server;
    }

    public String plugin() {
        return plugin;
    }

    public String target() {
        return target;
    }

    /** The state for {@code ctl <plugin> status}: server, state (up, connecting, down), since when and why. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("server", target);
        s.put("state", up ? (everConnected ? "up" : "connecting") : "down");
        if (!up) {
            s.put("down_since", downSince);
            s.put("last_error", lastError);
        }
        return s;
    }

    /** The innermost message of an exception, cut to 300 characters: for logs and status. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
