package io.osprey.plugin.license;

import java.nio.file.Path;
import java.time.Duration;

import io.osprey.api.config.ConfigReader;

/**
 * The plugin's configuration ({@code etc/osprey.license.cfg}, PID {@code osprey.license}), as an immutable snapshot.
 * Relative paths are resolved against the node's home folder.
 *
 * @param publicKeyFile          the vendor public key that licenses must be signed with ({@code public_key_file})
 * @param licenseFile            the license read at start when none was installed ({@code license_file})
 * @param installedFile          where {@code ctl license reload} and the upload API keep the license they installed
 * @param fallbackMaxConnections the limit while there is no license in force ({@code fallback.max_connections})
 * @param highWatermark          percent of the limit above which {@code license_quota} is raised
 * @param lowWatermark           percent of the limit below which {@code license_quota} is cleared
 * @param expiryWarning          how long before expiry {@code license_expiry} is raised
 * @param checkInterval          how often alarms and expiry are re-evaluated
 */
record LicenseSettings(Path publicKeyFile, Path licenseFile, Path installedFile, int fallbackMaxConnections,
                       int highWatermark, int lowWatermark, Duration expiryWarning, Duration checkInterval) {

    /** The installed license's name in the node's {@code licenses} data folder. */
    static final String INSTALLED = "osprey.lic";

    /**
     * Reads every key; bad values are recorded in {@code r} (see {@link ConfigReader#errors()}) and read as their
     * default, so the caller decides whether to go on with them.
     *
     * @param home        the node's home folder, against which relative paths resolve
     * @param licensesDir where installed licenses are kept ({@code data/licenses})
     */
    static LicenseSettings read(ConfigReader r, Path home, Path licensesDir) {
        Path publicKey = home.resolve(r.string("public_key_file", "etc/license.pub")).normalize();
        Path license = home.resolve(r.string("license_file", "etc/osprey.lic")).normalize();
        int fallback = r.integer("fallback.max_connections", 10, 0, Integer.MAX_VALUE);
        int high = percent(r, "connection_high_watermark", 80);
        int low = percent(r, "connection_low_watermark", 75);
        if (low > high) {
            r.error("connection_low_watermark", low + "%", "a percentage not above connection_high_watermark ("
                    + high + "%)");
            low = Math.min(75, high);
        }
        Duration warning = r.duration("expiry_warning", "30d");
        Duration interval = r.duration("check_interval", "5s");
        if (interval.toMillis() < 100) {
            r.error("check_interval", r.raw("check_interval"), "a duration of at least 100ms");
            interval = Duration.ofSeconds(5);
        }
        return new LicenseSettings(publicKey, license, licensesDir.resolve(INSTALLED).normalize(), fallback, high,
                low, warning, interval);
    }

    private static int percent(ConfigReader r, String key, int defaultValue) {
        String v = r.raw(key);
        if (v == null) {
            return defaultValue;
        }
        String digits = v.endsWith("%") ? v.substring(0, v.length() - 1).trim() : v;
        try {
            int n = Integer.parseInt(digits);
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        r.error(key, v, "a percentage from 1% to 100%");
        return defaultValue;
    }
}
