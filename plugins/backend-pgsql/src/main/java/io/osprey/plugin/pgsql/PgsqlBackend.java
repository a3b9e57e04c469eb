package io.osprey.plugin.pgsql;

import java.nio.file.Path;

import io.osprey.api.service.MetricsService;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.backend.sql.SqlBackend;

/**
 * The plugin without OSGi: the shared SQL backend over PostgreSQL, built from one {@link PgsqlSettings} snapshot and
 * reconfigured in place. {@link PgsqlBackendComponent} registers its hooks; tests register them with the broker.
 */
public final class PgsqlBackend extends SqlBackend<PgsqlSettings> {

    /** Metric names ({@code ctl broker metrics}). */
    public static final String WRITTEN = "backend.pgsql.written";
    public static final String FAILED = "backend.pgsql.failed";
    public static final String DROPPED = "backend.pgsql.dropped";

    /**
     * @param etcDir the node's {@code etc/} (its {@code sql/} folder may hold adapted schema files), or {@code null}
     */
    public PgsqlBackend(PgsqlSettings settings, PublishService publisher, SubscriptionService subscriptions,
                        MetricsService metrics, String nodeName, Path etcDir) {
        super(PgsqlDialect.INSTANCE, "pgsql", settings, publisher, subscriptions, metrics, nodeName, etcDir);
    }
}
