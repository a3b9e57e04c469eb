package io.osprey.plugin.license;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.osprey.api.service.MetricsService;
import io.osprey.plugin.license.format.Durations;
import io.osprey.plugin.license.format.License;

/**
 * What {@code ctl license info} and {@code GET /api/v4/license} show: the license, what applies now, usage and
 * refusals. One map serves both; the text is that map, one aligned line per fact.
 */
final class LicenseView {

    private LicenseView() {
    }

    static Map<String, Object> of(LicenseManager licenses, MetricsService metrics) {
        Instant now = Instant.now();
        Entitlement e = licenses.current();
        Entitlement.Status status = e.status(now);
        int limit = e.maxConnections(now);
        int connections = licenses.connections();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.label());
        m.put("summary", e.describe(now));
        License l = e.license();
        if (l != null) {
            m.put("license_id", l.id());
            m.put("customer", l.customer());
            m.put("email", l.email());
            m.put("edition", l.edition().word());
            m.put("issued_at", l.issued().toString());
            m.put("valid_from", l.validFrom().toString());
            m.put("expiry_at", l.expiry().toString());
            m.put("expires_in", status == Entitlement.Status.EXPIRED ? "expired"
                    : Durations.human(Duration.between(now, l.expiry())));
            m.put("licensed_connections", l.maxConnections());
            m.put("nodes", l.nodes() == 0 ? "not limited" : l.nodes());
            m.put("source", e.source());
        } else {
            m.put("problem", e.problem());
        }
        m.put("max_connections", limit);
        m.put("connections", connections);
        m.put("usage", limit == 0 ? "-" : connections * 100L / limit + "%");
        m.put("fallback_max_connections", e.fallbackMaxConnections());
        m.put("refused_quota", metrics.value(ConnectionQuota.REFUSED_QUOTA));
        m.put("refused_expired", metrics.value(ConnectionQuota.REFUSED_EXPIRED));
        m.put("public_key_file", licenses.settings().publicKeyFile().toString());
        return m;
    }

    static String text(Map<String, Object> view) {
        StringBuilder b = new StringBuilder();
        view.forEach((k, v) -> b.append(String.format("%-25s %s%n", k, v)));
        return b.toString();
    }
}
