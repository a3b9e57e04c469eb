package io.osprey.broker.component;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.Broker;
import io.osprey.broker.config.ListenerSettings;
import io.osprey.broker.listener.ListenerException;
import io.osprey.broker.listener.MqttListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT listener per factory configuration {@code etc/osprey.listener-<name>.cfg} (factory PID
 * {@code osprey.listener}): dropping a file adds a listener, deleting it closes the listener and its connections,
 * editing it rebinds or reconfigures it. Each listener announces whether it started (for the launcher's console).
 */
@Component(service = {}, configurationPid = "osprey.listener", configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ListenerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerComponent.class);

    private final Broker broker;
    private final BundleContext context;
    private MqttListener listener;
    private ListenerSettings settings;
    private ServiceRegistration<Object> status;

    @Activate
    public ListenerComponent(BundleContext context, @Reference Broker broker, Map<String, Object> properties) {
        this.context = context;
        this.broker = broker;
        ConfigReader reader = ConfigReader.of("listener", properties);
        settings = ListenerSettings.read(reader, String.valueOf(properties.getOrDefault("service.pid", "listener")));
        BrokerComponent.report(reader, "using defaults for the bad values");
        try {
            listener = broker.startListener(settings);
            LOG.info("Start mqtt:{} listener on {} successfully.", settings.name(), settings.bindText());
            announce("running", null);
        } catch (ListenerException e) {
            LOG.error(e.getMessage());
            announce("failed", e.getMessage());
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ConfigReader reader = ConfigReader.of("listener", properties);
        ListenerSettings next = ListenerSettings.read(reader, settings.name());
        if (!reader.errors().isEmpty()) {
            BrokerComponent.report(reader, "keeping the previous configuration");
            return;
        }
        try {
            if (listener == null || !next.name().equals(settings.name())) {
                broker.stopListener(settings.name(), true);
                listener = broker.startListener(next);
            } else {
                listener.update(next);
            }
            settings = next;
            LOG.info("Listener mqtt:{} reconfigured, listening on {}", next.name(), next.bindText());
            announce("running", null);
        } catch (ListenerException e) {
            LOG.error("{}; keeping the previous configuration", e.getMessage());
            try {
                if (listener != null) {
                    listener.update(settings);
                }
            } catch (ListenerException again) {
                LOG.error(again.getMessage());
                announce("failed", again.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        broker.stopListener(settings.name(), true);
        LOG.info("Stopped mqtt:{} listener on {}", settings.name(), settings.bindText());
        if (status != null) {
            try {
                status.unregister();
            } catch (IllegalStateException ignored) {
                // already gone
            }
        }
    }

    /** A marker service the launcher watches to print the start line or the failure and exit. */
    private void announce(String state, String error) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("osprey.listener", settings.name());
        p.put("osprey.listener.status", state);
        p.put("osprey.listener.bind", settings.bindText());
        if (listener != null) {
            p.put("osprey.listener.port", listener.boundPort());
        }
        if (error != null) {
            p.put("osprey.listener.error", error);
        }
        if (status == null) {
            status = context.registerService(Object.class, new Object(), p);
        } else {
            status.setProperties(p);
        }
    }
}
