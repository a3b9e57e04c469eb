package io.osprey.plugin.webhook;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.osprey.api.config.ConfigError;
import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.MetricsService;
import io.osprey.api.service.NodeInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web hook: its configuration ({@code etc/osprey.webhook.cfg}, reloaded in place when the file changes) and its
 * {@link Delivery}. The hooks ({@link WebhookHooks}) and {@code ctl webhook} ({@link WebhookCommand}) are separate
 * components that use this one, so on unload they are gone before {@link #deactivate()} drains what is pending.
 */
@Component(service = Webhook.class, configurationPid = "osprey.webhook", immediate = true)
public final class Webhook {

    private static final Logger LOG = LoggerFactory.getLogger(Webhook.class);

    private final Path home;
    private final Counters counters;
    private final Delivery delivery;
    private volatile WebhookSettings settings;
    /** The rules in force: none while no url is set. */
    private volatile Rules active;

    @Activate
    public Webhook(@Reference MetricsService metrics, @Reference NodeInfo node, Map<String, Object> config) {
        this(config, metrics, node.name(), node.etcDir().toAbsolutePath().getParent());
    }

    /** @param home the node's home folder: relative {@code ssl.} file names are read from there */
    Webhook(Map<String, ?> config, MetricsService metrics, String nodeName, Path home) {
        this.home = home;
        this.counters = new Counters(metrics);
        ConfigReader r = ConfigReader.of("webhook", config);
        WebhookSettings s = WebhookSettings.read(r, home);
        for (ConfigError e : r.errors()) {
            LOG.error("Bad configuration value {}; using the default", e.describe());
        }
        warnUnknown(r);
        this.delivery = new Delivery(s, nodeName, counters);
        apply(s);
    }

    @Modified
    void modified(Map<String, ?> config) {
        ConfigReader r = ConfigReader.of("webhook", config);
        WebhookSettings s = WebhookSettings.read(r, home);
        if (!r.errors().isEmpty()) {
            for (ConfigError e : r.errors()) {
                LOG.error("Bad configuration value {}; keeping the previous configuration", e.describe());
            }
            return;
        }
        warnUnknown(r);
        delivery.reconfigure(s);
        apply(s);
    }

    private void apply(WebhookSettings s) {
        settings = s;
        active = s.url() == null ? Rules.NONE : s.rules();
        if (s.url() == null) {
            LOG.warn("Webhook loaded, but no url is set (url in etc/osprey.webhook.cfg or OSPREY_WEBHOOK__URL): "
                    + "no events are posted");
        } else {
            LOG.info("Webhook posting to {}: {}; pool_size {}, max_queue_len {}, batch_size {}", s.url(),
                    s.rules().describe(), s.pool(), s.maxQueueLen(), s.batchSize());
        }
    }

    private static void warnUnknown(ConfigReader r) {
        Set<String> unknown = r.unknownKeys();
        if (!unknown.isEmpty()) {
            LOG.warn("Unknown keys in {} (ignored): {}", r.source(), unknown);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        delivery.stop(settings.drainTimeout());
    }

    /** The rules in force; {@link Rules#NONE} while no url is set. */
    Rules rules() {
        return active;
    }

    WebhookSettings settings() {
        return settings;
    }

    /** Hands an event to the delivery; never blocks. */
    void post(Event e) {
        delivery.offer(e);
    }

    Delivery delivery() {
        return delivery;
    }

    Counters counters() {
        return counters;
    }

    /** What {@code ctl webhook status} shows, in this order. */
    Map<String, Object> status() {
        WebhookSettings s = settings;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", s.url() == null ? "" : s.url().toString());
        m.put("queue", delivery.queued());
        m.put("max_queue_len", s.maxQueueLen());
        m.put("in_flight", delivery.inFlight());
        m.put("sent", counters.sent());
        m.put("failed", counters.failed());
        m.put("retried", counters.retried());
        m.put("dropped", counters.dropped());
        m.put("events", s.url() == null ? java.util.List.of() : s.rules().describe());
        return m;
    }
}
