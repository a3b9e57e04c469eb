package io.osprey.plugin.webhook;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.MqttListener;
import io.osprey.broker.service.MetricsServiceImpl;

/**
 * An in-process broker on an ephemeral loopback port with the web hook wired to it as Declarative Services would:
 * the {@link Webhook} with a configuration, its hooks registered at their ranking, its command. Every rule is on
 * unless the test's configuration says otherwise, and retries are fast.
 */
final class WebhookNode implements AutoCloseable {

    final Broker broker;
    final MqttListener listener;
    final MetricsServiceImpl metrics;
    final Webhook webhook;
    final WebhookHooks hooks;
    final WebhookCommand command;
    private final Map<String, Object> config = new LinkedHashMap<>();

    /** @param config keys of {@code etc/osprey.webhook.cfg} (pairs), over the test defaults */
    WebhookNode(Path home, String url, String... config) throws Exception {
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", Map.of("node.name", "osprey@test"),
                Map.of()), home), home);
        broker.start();
        listener = broker.startListener(ListenerSettings.read(ConfigReader.of("listener-tcp",
                Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp"));
        metrics = new MetricsServiceImpl(broker.metrics(), broker.stats());
        this.config.put("url", url);
        for (EventType e : EventType.values()) {
            this.config.put("rule." + e.hook() + ".1", "{\"action\": \"" + e.ruleAction() + "\"}");
        }
        this.config.put("retry_interval", "50ms");
        this.config.put("max_retry_interval", "200ms");
        this.config.put("drain_timeout", "1s");
        put(config);
        webhook = new Webhook(this.config, metrics, broker.nodeName(), home);
        hooks = new WebhookHooks(webhook);
        broker.hooks().register(hooks, "webhook", WebhookHooks.RANKING);
        command = new WebhookCommand(webhook);
    }

    /** Only the rules given (pairs of rule key and JSON), instead of every rule. */
    static String[] onlyRules(String... rules) {
        String[] out = new String[EventType.values().length * 2 + rules.length];
        int i = 0;
        for (EventType e : EventType.values()) {
            out[i++] = "rule." + e.hook() + ".1";
            out[i++] = null;
        }
        System.arraycopy(rules, 0, out, i, rules.length);
        return out;
    }

    private void put(String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                config.remove(pairs[i]);
            } else {
                config.put(pairs[i], pairs[i + 1]);
            }
        }
    }

    /** Edits the configuration as a changed file would (ConfigAdmin calls {@code @Modified}). */
    void reconfigure(String... pairs) {
        put(pairs);
        webhook.modified(config);
    }

    String uri() {
        return "tcp://127.0.0.1:" + listener.boundPort();
    }

    /** The plugin is unloaded: its hooks go, then the web hook drains. */
    void unload() throws InterruptedException {
        broker.hooks().unregister(hooks);
        webhook.deactivate();
    }

    @Override
    public void close() throws InterruptedException {
        broker.hooks().unregister(hooks);
        webhook.deactivate();
        broker.stop();
    }
}
