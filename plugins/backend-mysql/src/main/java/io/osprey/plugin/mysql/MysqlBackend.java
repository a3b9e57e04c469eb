package io.osprey.plugin.mysql;

import java.nio.file.Path;

import io.osprey.api.service.MetricsService;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.backend.sql.SqlBackend;
import io.osprey.plugin.mysql.config.MysqlSettings;

/**
 * The plugin without OSGi: the shared SQL backend over MySQL/MariaDB, built from one {@link MysqlSettings} snapshot
 * and reconfigured in place. The Declarative Services component ({@link MysqlBackendComponent}) registers the hooks;
 * tests register them with the broker directly.
 */
public final class MysqlBackend extends SqlBackend<MysqlSettings> {

    /** Metric names ({@code ctl broker metrics}). */
    public static final String WRITTEN = "backend.mysql.written";
    public static final String FAILED = "backend.mysql.failed";
    public static final String DROPPED = "backend.mysql.dropped";

    /**
     * @param etcDir the node's {@code etc/} (its {@code sql/} folder may hold adapted schema files), or {@code null}
     */
    public MysqlBackend(MysqlSettings settings, PublishService publisher, SubscriptionService subscriptions,
                        MetricsService metrics, String nodeName, Path etcDir) {
        super(MysqlDialect.INSTANCE, "mysql", settings, publisher, subscriptions, metrics, nodeName, etcDir);
    }
}
