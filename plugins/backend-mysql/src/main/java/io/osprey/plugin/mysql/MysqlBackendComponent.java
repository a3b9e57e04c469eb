package io.osprey.plugin.mysql;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigException;
import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.api.service.ClientService;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.api.service.MetricsService;
import io.osprey.api.service.NodeInfo;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.plugin.mysql.config.MysqlSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code backend-mysql} in OSGi: reads {@code etc/osprey.backend.mysql.cfg}, runs a {@link MysqlBackend}, registers
 * its hooks as services at the points that have rules (plus {@code client.authenticate} with {@code auth_query} and
 * {@code client.check_acl} with {@code acl_query}), and answers {@code ctl backend-mysql}. An edited file applies
 * at once (a new pool if the connection settings changed); a bad one is logged and the running configuration stays.
 * Unloading the plugin flushes the write queue (up to {@code flush_timeout}) and closes the pool.
 */
@Component(service = Command.class, configurationPid = "osprey.backend.mysql", immediate = true)
public final class MysqlBackendComponent implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlBackendComponent.class);

    private final BundleContext context;
    private final NodeInfo node;
    private final PublishService publisher;
    private final SubscriptionService subscriptions;
    private final MetricsService metrics;
    private final ClientService clients;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private List<String> registered = List.of();
    private volatile MysqlBackend backend;
    private volatile String problem;

    @Activate
    public MysqlBackendComponent(BundleContext context, @Reference NodeInfo node, @Reference PublishService publisher,
                                 @Reference SubscriptionService subscriptions, @Reference MetricsService metrics,
                                 @Reference ClientService clients, Map<String, Object> config) {
        this.context = context;
        this.node = node;
        this.publisher = publisher;
        this.subscriptions = subscriptions;
        this.metrics = metrics;
        this.clients = clients;
        modified(config);
    }

    @Modified
    synchronized void modified(Map<String, Object> config) {
        MysqlSettings next;
        try {
            next = MysqlSettings.parse(config, node.etcDir().getParent());
        } catch (ConfigException e) {
            problem = "bad configuration: " + e.getMessage();
            LOG.error("Bad configuration value {}; {}", e.getMessage(), backend == null
                    ? "backend-mysql stays off until the file is fixed" : "keeping the previous configuration");
            return;
        }
        try {
            if (backend == null) {
                backend = new MysqlBackend(next, publisher, subscriptions, metrics, node.name(), node.etcDir());
            } else {
                backend.reconfigure(next);
            }
            problem = null;
        } catch (RuntimeException e) {
            problem = e.getMessage();
            LOG.error("backend-mysql: cannot apply the configuration: {}", e.getMessage());
            return;
        }
        register(backend);
        clients.clearAclCache(); // decisions from the previous ACL settings must not linger
    }

    /** (Re)registers the hook services when the set of points changed. */
    private void register(MysqlBackend b) {
        List<String> hookTypes = b.hooks().points();
        List<String> wanted = new ArrayList<>(hookTypes);
        if (b.settings().authQuery() != null) {
            wanted.add(ClientAuthenticate.class.getName());
        }
        if (b.settings().aclQuery() != null) {
            wanted.add(ClientCheckAcl.class.getName());
        }
        if (wanted.equals(registered)) {
            return;
        }
        unregister();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, 0);
        if (!hookTypes.isEmpty()) {
            registrations.add(context.registerService(hookTypes.toArray(String[]::new), b.hooks(), props));
        }
        if (b.settings().authQuery() != null) {
            registrations.add(context.registerService(ClientAuthenticate.class, b.authenticator(), props));
        }
        if (b.settings().aclQuery() != null) {
            registrations.add(context.registerService(ClientCheckAcl.class, b.acl(), props));
        }
        registered = wanted;
    }

    private void unregister() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        registered = List.of();
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
        if (backend != null) {
            backend.close();
            backend = null;
        }
        clients.clearAclCache();
    }

    // ---- ctl backend-mysql --------------------------------------------------------------------------------------

    @Override
    public String name() {
        return BackendCommand.NAME;
    }

    @Override
    public List<String> usage() {
        return BackendCommand.USAGE;
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        return BackendCommand.execute(args, backend, () -> problem);
    }
}
