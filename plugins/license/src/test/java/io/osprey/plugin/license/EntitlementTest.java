package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.osprey.plugin.license.format.Edition;
import io.osprey.plugin.license.format.License;
import org.junit.jupiter.api.Test;

class EntitlementTest {

    static final License LICENSE = new License("lic-1", "ACME", "ops@acme.example", Edition.OFFICIAL,
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"),
            Instant.parse("2026-12-31T23:59:59Z"), 1000, 0);
    private final Entitlement e = Entitlement.of(LICENSE, "etc/osprey.lic", 10);

    @Test
    void beforeValidFrom_theFallbackLimitApplies() {
        Instant jan = Instant.parse("2026-01-15T00:00:00Z");
        assertThat(e.status(jan)).isEqualTo(Entitlement.Status.NOT_YET_VALID);
        assertThat(e.maxConnections(jan)).isEqualTo(10);
        assertThat(e.describe(jan)).contains("not valid before 2026-02-01T00:00:00Z", "fallback limit of 10");
    }

    @Test
    void inForce_theLicenseLimitApplies_upToTheLastSecond() {
        Instant last = Instant.parse("2026-12-31T23:59:59Z");
        assertThat(e.status(last)).isEqualTo(Entitlement.Status.VALID);
        assertThat(e.maxConnections(last)).isEqualTo(1000);
    }

    @Test
    void afterExpiry_nothingNewIsAllowed() {
        Instant after = Instant.parse("2027-01-01T00:00:00Z");
        assertThat(e.status(after)).isEqualTo(Entitlement.Status.EXPIRED);
        assertThat(e.maxConnections(after)).isZero();
        assertThat(e.describe(after)).startsWith("The license certificate is expired!")
                .contains("connected clients stay connected");
    }

    @Test
    void noLicense_theFallbackLimitApplies_andTheProblemIsSaid() {
        Entitlement none = Entitlement.none("no license file: etc/osprey.lic does not exist", 10);
        Instant now = Instant.now();
        assertThat(none.status(now)).isEqualTo(Entitlement.Status.NO_LICENSE);
        assertThat(none.maxConnections(now)).isEqualTo(10);
        assertThat(none.describe(now)).isEqualTo("No valid license (no license file: etc/osprey.lic does not exist)"
                + "; running with the fallback limit of 10 connections");
    }
}
