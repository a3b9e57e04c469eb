package io.osprey.broker.component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigError;
import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.AlarmService;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ClientService;
import io.osprey.api.service.Command;
import io.osprey.api.service.MetricsService;
import io.osprey.api.service.NodeInfo;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.broker.Broker;
import io.osprey.broker.admin.BrokerAdmin;
import io.osprey.broker.alarm.AlarmsAdmin;
import io.osprey.broker.banned.BannedAdmin;
import io.osprey.broker.logging.LogAdmin;
import io.osprey.broker.trace.TraceAdmin;
import io.osprey.broker.admin.ClientsAdmin;
import io.osprey.broker.admin.ListenersAdmin;
import io.osprey.broker.admin.RetainerAdmin;
import io.osprey.broker.admin.SessionsAdmin;
import io.osprey.broker.admin.StoreAdmin;
import io.osprey.broker.admin.MqttApi;
import io.osprey.broker.admin.SubscriptionsAdmin;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.plugins.PluginManager;
import io.osprey.broker.plugins.PluginsAdmin;
import io.osprey.broker.service.ClientServiceImpl;
import io.osprey.broker.service.MetricsServiceImpl;
import io.osprey.broker.service.NodeInfoImpl;
import io.osprey.broker.service.PublishServiceImpl;
import io.osprey.broker.service.SubscriptionServiceImpl;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker of this node, configured by {@code etc/osprey.broker.cfg} (PID {@code osprey.broker}). Starts the engine,
 * tracks plugins' hooks, manages the plugins folder, and publishes the services and admin commands plugins and the
 * management API use. Editing the file reconfigures the running engine; a bad value is logged with its file, line and
 * key, and the last good configuration stays in force.
 */
@Component(service = {}, configurationPid = "osprey.broker", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
public final class BrokerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerComponent.class);

    private final Broker broker;
    private final HookWhiteboard whiteboard;
    private final PluginManager plugins;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public BrokerComponent(BundleContext context, Map<String, Object> properties) {
        io.osprey.broker.listener.TlsContextFactory.warmUpInBackground(); // overlaps with the store and plugins
        Path home = home();
        ConfigReader reader = ConfigReader.of("broker", properties);
        BrokerSettings settings = BrokerSettings.read(reader, home);
        report(reader, "using defaults for the bad values");
        broker = new Broker(settings, home);
        broker.start();
        whiteboard = new HookWhiteboard(context, broker.hooks());
        whiteboard.open();
        plugins = new PluginManager(context, home.resolve("plugins"), settings.dataDir());

        PublishService publish = new PublishServiceImpl(broker);
        SubscriptionService subscriptions = new SubscriptionServiceImpl(broker);
        register(context, Broker.class, broker);
        register(context, PublishService.class, publish);
        register(context, ClientService.class, new ClientServiceImpl(broker.sessions()));
        register(context, SubscriptionService.class, subscriptions);
        register(context, MetricsService.class, new MetricsServiceImpl(broker.metrics(), broker.stats()));
        register(context, AlarmService.class, broker.alarms());
        register(context, NodeInfo.class, new NodeInfoImpl(broker));
        registerBoth(context, new AlarmsAdmin(broker.alarms()));

        BrokerAdmin brokerAdmin = new BrokerAdmin(broker);
        register(context, ApiResource.class, brokerAdmin);
        register(context, Command.class, brokerAdmin.statusCommand());
        register(context, Command.class, brokerAdmin.brokerCommand());
        registerBoth(context, new ClientsAdmin(broker));
        registerBoth(context, new ListenersAdmin(broker));
        registerBoth(context, new SessionsAdmin(broker));
        registerBoth(context, new RetainerAdmin(broker.retained()));
        registerBoth(context, new StoreAdmin(broker.store()));
        SubscriptionsAdmin subs = new SubscriptionsAdmin(broker, subscriptions);
        registerBoth(context, subs);
        register(context, Command.class, subs.routesCommand());
        register(context, ApiResource.class, new MqttApi(publish, subscriptions));
        registerBoth(context, new PluginsAdmin(plugins, broker.hooks()));
        registerBoth(context, new BannedAdmin(broker.bans()));
        registerBoth(context, new TraceAdmin(broker.traces(), home.resolve("log")));
        LogAdmin logs = LogAdmin.createIfLogback();
        if (logs != null) {
            registerBoth(context, logs);
        }

        plugins.open();
        Dictionary<String, Object> status = new Hashtable<>();
        status.put("osprey.broker.status", "running");
        status.put("osprey.version", broker.version());
        status.put("osprey.node", broker.nodeName());
        registrations.add(context.registerService(Object.class, new Object(), status));
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ConfigReader reader = ConfigReader.of("broker", properties);
        BrokerSettings next = BrokerSettings.read(reader, home());
        if (!reader.errors().isEmpty()) {
            report(reader, "keeping the previous configuration");
            return;
        }
        BrokerSettings current = broker.settings();
        if (next.ioThreads() != current.ioThreads() || !next.nodeName().equals(current.nodeName())
                || !next.dataDir().equals(current.dataDir())) {
            LOG.warn("{}: io_threads, node.name and data_dir take effect after a restart", reader.source());
        }
        broker.updateSettings(next);
        LOG.info("Broker configuration reloaded from {}", reader.source());
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        plugins.close();
        whiteboard.close();
        broker.stop();
    }

    private <T> void register(BundleContext context, Class<T> type, T service) {
        registrations.add(context.registerService(type, service, null));
    }

    private <T extends Command & ApiResource> void registerBoth(BundleContext context, T service) {
        registrations.add(context.registerService(new String[] {Command.class.getName(), ApiResource.class.getName()},
                service, null));
    }

    /** Logs each bad value (file, line, key, value, expected) and each unknown key. */
    static void report(ConfigReader reader, String consequence) {
        for (ConfigError e : reader.errors()) {
            LOG.error("Bad configuration value {}; {}", e.describe(), consequence);
        }
        for (String k : reader.unknownKeys()) {
            LOG.warn("{}: unknown key '{}' is ignored", reader.source(), k);
        }
    }

    /** The node's home folder (set by the launcher), against which {@code data/} and {@code plugins/} resolve. */
    static Path home() {
        return Path.of(System.getProperty("osprey.home", ".")).toAbsolutePath().normalize();
    }
}
