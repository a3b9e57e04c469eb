package io.osprey.plugin.license;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.AlarmService;
import io.osprey.plugin.license.format.Durations;
import io.osprey.plugin.license.format.License;

/**
 * Raises and clears the license alarms from the entitlement and the connection count. The kernel's
 * {@link AlarmService} logs them, publishes them on {@code $SYS/brokers/<node>/alarms/activate|deactivate} and lists
 * them in {@code ctl alarms} and {@code GET /api/v4/alarms}.
 * <ul>
 * <li>{@value #QUOTA}: connections above the high watermark (80 %) of the limit; cleared below the low watermark
 * (75 %), so a count that hovers around the threshold does not flap.</li>
 * <li>{@value #EXPIRY}: the license expires within {@code expiry_warning} (30 days).</li>
 * <li>{@value #EXPIRED}: the license has expired; new connections are refused.</li>
 * <li>{@value #FALLBACK}: no license in force (missing, rejected, or not valid yet); the fallback limit applies.</li>
 * </ul>
 * Called from one thread at a time (the component's monitor, or an install); synchronized for safety.
 */
final class LicenseAlarms {

    static final String QUOTA = "license_quota";
    static final String EXPIRY = "license_expiry";
    static final String EXPIRED = "license_expired";
    static final String FALLBACK = "license_fallback";
    static final List<String> ALL = List.of(QUOTA, EXPIRY, EXPIRED, FALLBACK);

    private final AlarmService alarms;
    private boolean quotaRaised;

    LicenseAlarms(AlarmService alarms) {
        this.alarms = alarms;
    }

    synchronized void evaluate(Entitlement e, int connections, Instant now, LicenseSettings s) {
        Entitlement.Status status = e.status(now);
        License l = e.license();
        quota(e.maxConnections(now), connections, s, l);
        if (status == Entitlement.Status.VALID && !now.plus(s.expiryWarning()).isBefore(l.expiry())) {
            alarms.activate(EXPIRY, "The license expires at " + l.expiry() + " (in "
                    + Durations.human(Duration.between(now, l.expiry())) + ")",
                    details(l, e.maxConnections(now), connections));
        } else {
            alarms.deactivate(EXPIRY);
        }
        if (status == Entitlement.Status.EXPIRED) {
            alarms.activate(EXPIRED, e.describe(now), details(l, 0, connections));
        } else {
            alarms.deactivate(EXPIRED);
        }
        if (status == Entitlement.Status.NO_LICENSE || status == Entitlement.Status.NOT_YET_VALID) {
            alarms.activate(FALLBACK, e.describe(now), details(l, e.maxConnections(now), connections));
        } else {
            alarms.deactivate(FALLBACK);
        }
    }

    /** The plugin stops: its alarms must not outlive it. */
    synchronized void clearAll() {
        ALL.forEach(alarms::deactivate);
        quotaRaised = false;
    }

    private void quota(int limit, int connections, LicenseSettings s, License l) {
        long used = connections * 100L;
        boolean raise = limit > 0 && used > (long) limit * s.highWatermark();
        boolean keep = quotaRaised && limit > 0 && used >= (long) limit * s.lowWatermark();
        if (raise || keep) {
            quotaRaised = true;
            alarms.activate(QUOTA, connections + " of " + limit + " licensed connections in use ("
                    + used / limit + "%)", details(l, limit, connections));
        } else {
            quotaRaised = false;
            alarms.deactivate(QUOTA);
        }
    }

    private static Map<String, Object> details(License l, int limit, int connections) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (l != null) {
            d.put("license_id", l.id());
            d.put("customer", l.customer());
            d.put("expiry_at", l.expiry().toString());
        }
        d.put("max_connections", limit);
        d.put("connections", connections);
        return d;
    }
}
