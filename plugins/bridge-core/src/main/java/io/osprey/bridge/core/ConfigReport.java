package io.osprey.bridge.core;

import io.osprey.api.config.ConfigReader;
import org.slf4j.Logger;

/**
 * How a bridge reports what was wrong in its configuration file: every bad value with file, line, key, value and
 * expectation, and keys nobody read (typos).
 */
public final class ConfigReport {

    private ConfigReport() {
    }

    /**
     * Logs the bad values of {@code r}, each followed by {@code outcome} (e.g. "using the default"), and the unknown
     * keys.
     *
     * @return {@code true} when there were no bad values
     */
    public static boolean report(ConfigReader r, Logger log, String outcome) {
        r.errors().forEach(e -> log.error("Bad configuration value {}; {}", e.describe(), outcome));
        for (String key : r.unknownKeys()) {
            log.warn("Unknown key {} in {}; it is ignored (a typo?)", key, r.source());
        }
        return r.errors().isEmpty();
    }
}
