package io.osprey.api.service;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Alarms: conditions an admin should know about while they last (a license close to its limit, a backend down).
 * An activated alarm is logged, published on {@code $SYS/brokers/<node>/alarms/activate}, listed by
 * {@code ctl alarms} and {@code GET /api/v4/alarms}; deactivating it publishes on {@code …/alarms/deactivate} and
 * moves it to the history. Activating an alarm that is already active only updates its message.
 */
@ProviderType
public interface AlarmService {

    /** One alarm as listed. */
    record Alarm(String name, String message, Map<String, Object> details, long activatedAt, long deactivatedAt) {
        public boolean isActive() {
            return deactivatedAt == 0;
        }
    }

    /**
     * @param name    a stable identifier, e.g. {@code license_quota}
     * @param message one line for humans
     * @param details extra facts (numbers, strings) for the JSON views
     */
    void activate(String name, String message, Map<String, Object> details);

    /** Clears the alarm; nothing happens when it is not active. */
    void deactivate(String name);

    /** Active alarms, oldest first. */
    List<Alarm> active();

    /** Recently deactivated alarms, newest first (bounded). */
    List<Alarm> history();
}
