package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.osprey.plugin.license.format.Edition;
import io.osprey.plugin.license.format.License;
import org.junit.jupiter.api.Test;

class LicenseAlarmsTest {

    static final LicenseSettings SETTINGS = new LicenseSettings(Path.of("etc/license.pub"), Path.of("etc/osprey.lic"),
            Path.of("data/licenses/osprey.lic"), 10, 80, 75, Duration.ofDays(30), Duration.ofSeconds(5));
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private final RecordingAlarms recorded = new RecordingAlarms();
    private final LicenseAlarms alarms = new LicenseAlarms(recorded);

    static Entitlement expiringIn(Duration d, int max) {
        return Entitlement.of(new License("lic-1", "ACME", "ops@acme.example", Edition.OFFICIAL,
                NOW.minus(Duration.ofDays(300)), NOW.minus(Duration.ofDays(300)), NOW.plus(d), max, 0),
                "etc/osprey.lic", 10);
    }

    @Test
    void quota_raisedAbove80Percent_keptDownTo75_clearedBelow() {
        Entitlement e = expiringIn(Duration.ofDays(100), 20);
        alarms.evaluate(e, 16, NOW, SETTINGS); // 80 %: not above
        assertThat(recorded.active).doesNotContainKey(LicenseAlarms.QUOTA);
        alarms.evaluate(e, 17, NOW, SETTINGS); // 85 %
        assertThat(recorded.message(LicenseAlarms.QUOTA)).isEqualTo("17 of 20 licensed connections in use (85%)");
        alarms.evaluate(e, 15, NOW, SETTINGS); // 75 %: between the watermarks, stays
        assertThat(recorded.message(LicenseAlarms.QUOTA)).isEqualTo("15 of 20 licensed connections in use (75%)");
        alarms.evaluate(e, 14, NOW, SETTINGS); // 70 %
        assertThat(recorded.active).doesNotContainKey(LicenseAlarms.QUOTA);
        alarms.evaluate(e, 16, NOW, SETTINGS); // back to 80 %: not above, so still clear
        assertThat(recorded.events).containsExactly("+license_quota", "-license_quota");
    }

    @Test
    void expiry_raisedWithin30Days() {
        alarms.evaluate(expiringIn(Duration.ofDays(31), 20), 0, NOW, SETTINGS);
        assertThat(recorded.active).isEmpty();
        alarms.evaluate(expiringIn(Duration.ofDays(12), 20), 0, NOW, SETTINGS);
        assertThat(recorded.message(LicenseAlarms.EXPIRY)).isEqualTo("The license expires at "
                + NOW.plus(Duration.ofDays(12)) + " (in 12 days)");
    }

    @Test
    void expired_replacesTheExpiryWarning_andTheQuotaAlarm() {
        Entitlement e = expiringIn(Duration.ofSeconds(5), 2);
        alarms.evaluate(e, 2, NOW, SETTINGS);
        assertThat(recorded.active).containsOnlyKeys(LicenseAlarms.EXPIRY, LicenseAlarms.QUOTA);
        alarms.evaluate(e, 2, NOW.plusSeconds(6), SETTINGS);
        assertThat(recorded.active).containsOnlyKeys(LicenseAlarms.EXPIRED);
        assertThat(recorded.message(LicenseAlarms.EXPIRED)).startsWith("The license certificate is expired!");
    }

    @Test
    void fallback_raisedWithoutALicense_clearedByOne_andQuotaCountsAgainstTheFallbackLimit() {
        alarms.evaluate(Entitlement.none("no license file", 10), 9, NOW, SETTINGS);
        assertThat(recorded.active).containsOnlyKeys(LicenseAlarms.FALLBACK, LicenseAlarms.QUOTA);
        assertThat(recorded.message(LicenseAlarms.FALLBACK)).contains("no license file", "fallback limit of 10");
        alarms.evaluate(expiringIn(Duration.ofDays(100), 1000), 9, NOW, SETTINGS);
        assertThat(recorded.active).isEmpty();
    }

    @Test
    void clearAll_leavesNoLicenseAlarmBehind() {
        alarms.evaluate(Entitlement.none("no license file", 1), 5, NOW, SETTINGS);
        alarms.clearAll();
        assertThat(recorded.active).isEmpty();
    }
}
