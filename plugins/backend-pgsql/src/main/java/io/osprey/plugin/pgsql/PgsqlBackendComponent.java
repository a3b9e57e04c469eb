package io.osprey.plugin.pgsql;

import java.util.Map;

import io.osprey.api.service.ClientService;
import io.osprey.api.service.Command;
import io.osprey.api.service.MetricsService;
import io.osprey.api.service.NodeInfo;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.backend.BackendComponent;
import io.osprey.backend.BackendLifecycle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code backend-pgsql} in OSGi: reads {@code etc/osprey.backend.pgsql.cfg}, runs a {@link PgsqlBackend}, registers its hooks
 * as services at the points that have rules (plus {@code client.authenticate} with {@code auth_query} and
 * {@code client.check_acl} with {@code acl_query}), and answers {@code ctl backend-pgsql}. An edited file applies at once
 * (a new pool if the connection settings changed); a bad one is logged and the running configuration stays.
 * Unloading the plugin flushes the write queue (up to {@code flush_timeout}) and closes the connections.
 */
@Component(service = Command.class, configurationPid = "osprey.backend.pgsql", immediate = true)
public final class PgsqlBackendComponent extends BackendComponent<PgsqlSettings, PgsqlBackend> {

    @Activate
    public PgsqlBackendComponent(BundleContext context, @Reference NodeInfo node, @Reference PublishService publisher,
                                 @Reference SubscriptionService subscriptions, @Reference MetricsService metrics,
                                 @Reference ClientService clients, Map<String, Object> config) {
        super(new BackendLifecycle<>("backend-pgsql", "pgsql", "PostgreSQL", context,
                c -> PgsqlSettings.parse(c, node.etcDir().getParent()),
                s -> new PgsqlBackend(s, publisher, subscriptions, metrics, node.name(), node.etcDir()), clients), config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        configure(config);
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
