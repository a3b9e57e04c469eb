package io.osprey.plugin.mysql;

import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigException;
import io.osprey.api.service.ClientService;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.api.service.MetricsService;
import io.osprey.api.service.NodeInfo;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.backend.HookRegistrations;
import io.osprey.plugin.mysql.config.MysqlSettings;
import org.osgi.framework.BundleContext;
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

    private final NodeInfo node;
    private final PublishService publisher;
    private final SubscriptionService subscriptions;
    private final MetricsService metrics;
    private final ClientService clients;
    private final HookRegistrations registrations;
    private volatile MysqlBackend backend;
    private volatile String problem;

    @Activate
    public MysqlBackendComponent(BundleContext context, @Reference NodeInfo node, @Reference PublishService publisher,
                                 @Reference SubscriptionService subscriptions, @Reference MetricsService metrics,
                                 @Reference ClientService clients, Map<String, Object> config) {
        this.node = node;
        this.publisher = publisher;
        this.subscriptions = subscriptions;
        this.metrics = metrics;
        this.clients = clients;
        this.registrations = new HookRegistrations(context);
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
        MysqlBackend b = backend;
        registrations.register(b.hooks().points(), b.hooks(), next.authQuery() != null ? b.authenticator() : null,
                next.aclQuery() != null ? b.acl() : null);
        clients.clearAclCache(); // decisions from the previous ACL settings must not linger
    }

    @Deactivate
    synchronized void deactivate() {
        registrations.unregister();
        if (backend != null) {
            backend.close();
            backend = null;
        }
        clients.clearAclCache();
    }

    // ---- ctl backend-mysql --------------------------------------------------------------------------------------

    @Override
    public String name() {
        return BackendCommand.COMMAND.name();
    }

    @Override
    public List<String> usage() {
        return BackendCommand.COMMAND.usage();
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        return BackendCommand.execute(args, backend, () -> problem);
    }
}
