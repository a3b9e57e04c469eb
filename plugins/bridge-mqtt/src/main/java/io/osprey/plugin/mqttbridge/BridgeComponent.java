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
 * {@code data/bridge-mqtt/<name>/}.
 */
@Component(service = {MessagePublish.class, BridgeComponent.class}, configurationPid = MqttBridgeSettings.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class BridgeComponent implements MessagePublish {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeComponent.class);
    /** The plugin's name: its data folder {@code data/bridge-mqtt/} and its metrics prefix. */
    public static final String PLUGIN = "bridge-mqtt";

    private final Path home;
    private final MqttBridge bridge;

    @Activate
    public BridgeComponent(Map<String, Object> config, @Reference NodeInfo node, @Reference MetricsService metrics,
                           @Reference PublishService publisher) throws IOException {
        Path etc = node.etcDir();
        this.home = etc.getParent() != null ? etc.getParent() : etc;
        ConfigReader r = ConfigReader.of("bridge.mqtt", config);
        MqttBridgeSettings s = MqttBridgeSettings.read(r, home);
        ConfigReport.report(r, LOG, "using the default");
        Inbound inbound = new Inbound(publisher, MqttBridge.marker(s.name()), s.connect().maxInflight());
        this.bridge = new MqttBridge(s, node.name(), node.dataDir(PLUGIN).resolve(s.name()),
                new BridgeCounters(PLUGIN + "." + s.name() + ".", metrics), inbound);
    }

    @Override
    public CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message) {
        if (bridge.isOwn(publisher, message)) {
            return PublishResult.proceed(); // it came from the remote broker: never send it back
        }
        return bridge.publish(publisher, message);
    }

    @Modified
    void modified(Map<String, Object> config) {
        ConfigReader r = ConfigReader.of("bridge.mqtt", config);
        MqttBridgeSettings s = MqttBridgeSettings.read(r, home);
        if (!s.name().equals(bridge.name())) {
            LOG.error("Bad configuration: {} names bridge {} but the running one is {}; keeping the previous "
                    + "configuration", r.source(), s.name(), bridge.name());
            return;
        }
        if (ConfigReport.report(r, LOG, "keeping the previous configuration")) {
            bridge.reconfigure(s);
        }
    }

    @Deactivate
    void deactivate() {
        bridge.close();
    }

    public MqttBridge bridge() {
        return bridge;
    }
}
