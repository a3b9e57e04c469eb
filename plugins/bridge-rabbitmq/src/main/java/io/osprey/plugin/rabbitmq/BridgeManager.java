package io.osprey.plugin.rabbitmq;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.MetricsService;
import io.osprey.api.service.NodeInfo;
import io.osprey.bridge.core.ConfigReport;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.plugin.rabbitmq.config.RabbitSettings;
import io.osprey.plugin.rabbitmq.link.RabbitBridge;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's configured component ({@code etc/osprey.bridge.rabbit.cfg}, PID {@code osprey.bridge.rabbit}): reads
 * the configuration and runs the {@link RabbitBridge} that the hooks, the command and the API use.
 * <p>
 * A bad value at start is logged with file, line and key and read as its default, so the bridge still starts (its
 * buffer keeps records even while the connection settings are wrong). A bad value in a later edit is logged and the
 * running configuration stays. An edit that changes the connection reconnects; one that only changes rules applies
 * at once.
 */
@Component(service = BridgeManager.class, configurationPid = "osprey.bridge.rabbit", immediate = true)
public final class BridgeManager {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeManager.class);
    /** The plugin's name: its data folder {@code data/bridge-rabbitmq/}, its command and metrics prefix. */
    public static final String PLUGIN = "bridge-rabbitmq";

    private final Path home;
    private final RabbitBridge bridge;

    @Activate
    public BridgeManager(Map<String, Object> config, @Reference NodeInfo node, @Reference MetricsService metrics)
            throws IOException {
        Path etc = node.etcDir();
        this.home = etc.getParent() != null ? etc.getParent() : etc;
        ConfigReader r = ConfigReader.of(RabbitSettings.NAME, config);
        RabbitSettings s = RabbitSettings.read(r, home);
        ConfigReport.report(r, LOG, "using the default");
        this.bridge = new RabbitBridge(s, node.name(), node.dataDir(PLUGIN), new BridgeCounters(PLUGIN + ".", metrics));
    }

    @Modified
    void modified(Map<String, Object> config) {
        ConfigReader r = ConfigReader.of(RabbitSettings.NAME, config);
        RabbitSettings s = RabbitSettings.read(r, home);
        if (ConfigReport.report(r, LOG, "keeping the previous configuration")) {
            bridge.reconfigure(s);
        }
    }

    @Deactivate
    void deactivate() {
        bridge.close();
    }

    public RabbitBridge bridge() {
        return bridge;
    }
}
