package io.osprey.plugin.mqttbridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.config.ConfigReader;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.PublishResult;
import io.osprey.api.service.MetricsService;
import io.osprey.api.service.NodeInfo;
import io.osprey.api.service.PublishService;
import io.osprey.bridge.core.ConfigReport;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.plugin.mqttbridge.client.Inbound;
import io.osprey.plugin.mqttbridge.config.MqttBridgeSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT bridge per factory configuration {@code etc/osprey.bridge.mqtt-<name>.cfg} (factory PID
 * {@code osprey.bridge.mqtt}), like listeners: dropping a file starts a bridge, editing it applies the change
 * (forwards at once; connection settings and subscriptions by reconnecting), deleting it stops the bridge. Its
 * {@code message.publish} hook (ranking 0) hands forwarded messages to the {@link MqttBridge}; its disk buffer is
 * {@code data/bridge-mqtt/<name>/}. With {@code enable = off} (as the shipped example files are) the bridge exists but
 * neither connects nor buffers until an edit switches it on.
 */
@Component(service = {MessagePublish.class, BridgeComponent.class}, configurationPid = MqttBridgeSettings.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class BridgeComponent implements MessagePublish {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeComponent.class);
    /** The plugin's name: its data folder {@code data/bridge-mqtt/} and its metrics prefix. */
    public static final String PLUGIN = "bridge-mqtt";

    private final Path home;
    private final NodeInfo node;
    private final MetricsService metrics;
    private final PublishService publisher;
    private final String name;
    private volatile MqttBridge bridge;

    @Activate
    public BridgeComponent(Map<String, Object> config, @Reference NodeInfo node, @Reference MetricsService metrics,
                           @Reference PublishService publisher) throws IOException {
        this.node = node;
        this.metrics = metrics;
        this.publisher = publisher;
        Path etc = node.etcDir();
        this.home = etc.getParent() != null ? etc.getParent() : etc;
        ConfigReader r = ConfigReader.of("bridge.mqtt", config);
        MqttBridgeSettings s = MqttBridgeSettings.read(r, home);
        boolean enabled = r.bool("enable", true);
        this.name = s.name();
        if (enabled) {
            // a disabled bridge's file is not checked: the shipped examples name certificates not there yet
            ConfigReport.report(r, LOG, "using the default");
            open(s);
        } else {
            LOG.info("MQTT bridge {} is disabled (enable = off in {})", name, r.source());
        }
    }

    private void open(MqttBridgeSettings s) throws IOException {
        Inbound inbound = new Inbound(publisher, MqttBridge.marker(s.name()), s.connect().maxInflight());
        bridge = new MqttBridge(s, node.name(), node.dataDir(PLUGIN).resolve(s.name()),
                new BridgeCounters(PLUGIN + "." + s.name() + ".", metrics), inbound);
    }

    @Override
    public CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message) {
        MqttBridge b = bridge;
        if (b == null || b.isOwn(publisher, message)) {
            return PublishResult.proceed(); // disabled, or it came from the remote broker: never send it back
        }
        return b.publish(publisher, message);
    }

    @Modified
    synchronized void modified(Map<String, Object> config) throws IOException {
        ConfigReader r = ConfigReader.of("bridge.mqtt", config);
        MqttBridgeSettings s = MqttBridgeSettings.read(r, home);
        boolean enabled = r.bool("enable", true);
        if (enabled && !ConfigReport.report(r, LOG, "keeping the previous configuration")) {
            return;
        }
        MqttBridge b = bridge;
        if (!enabled) {
            if (b != null) {
                bridge = null;
                b.close();
                LOG.info("MQTT bridge {} disabled (enable = off)", name);
            }
        } else if (b == null) {
            open(s);
        } else {
            b.reconfigure(s);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        MqttBridge b = bridge;
        bridge = null;
        if (b != null) {
            b.close();
        }
    }

    /** The bridge's name: the part of the file name after {@code bridge.mqtt-}. */
    public String name() {
        return name;
    }

    /** The running bridge, or {@code null} while it is disabled. */
    public MqttBridge bridge() {
        return bridge;
    }
}
