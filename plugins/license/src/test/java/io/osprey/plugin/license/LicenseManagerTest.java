package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.osprey.plugin.license.format.LicenseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component without OSGi: created with {@code new}, configured with the map ConfigAdmin would pass. */
class LicenseManagerTest {

    @TempDir
    Path home;
    private Vendor vendor;
    private final RecordingAlarms alarms = new RecordingAlarms();
    private final CountingClients clients = new CountingClients();
    private LicenseManager manager;

    @BeforeEach
    void setUp() {
        vendor = new Vendor(home.resolve("vendor"));
        manager = new LicenseManager(config(), alarms, clients, home, home.resolve("data/licenses"));
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new HashMap<>();
        c.put("public_key_file", vendor.publicKey().toString());
        return c;
    }

    @Test
    void withoutLicense_startsInFallback_withTheFallbackAlarm() {
        assertThat(manager.current().status(Instant.now())).isEqualTo(Entitlement.Status.NO_LICENSE);
        assertThat(alarms.active).containsOnlyKeys(LicenseAlarms.FALLBACK);
    }

    @Test
    void reload_appliesAtOnce_keepsACopyForTheNextStart_andClearsTheFallbackAlarm() throws Exception {
        Path file = vendor.issue("a.lic", 50, "+90d");
        Entitlement e = manager.reload(file.toString());
        assertThat(e.maxConnections(Instant.now())).isEqualTo(50);
        assertThat(manager.current()).isSameAs(e);
        Path kept = home.resolve("data/licenses/osprey.lic");
        assertThat(Files.readAllBytes(kept)).isEqualTo(Files.readAllBytes(file));
        assertThat(alarms.active).isEmpty();

        LicenseManager restarted = new LicenseManager(config(), alarms, clients, home,
                home.resolve("data/licenses"));
        assertThat(restarted.current().license().id()).isEqualTo("a.lic");
        restarted.deactivate();
    }

    @Test
    void reloadWithRelativePath_readsFromTheHomeFolder() throws Exception {
        vendor.issue("a.lic", 50, "+1d");
        assertThat(manager.reload("vendor/a.lic").license().id()).isEqualTo("a.lic");
    }

    @Test
    void reloadWithoutPath_readsLicenseFile() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.copy(vendor.issue("a.lic", 50, "+1d"), home.resolve("etc/osprey.lic"));
        assertThat(manager.reload(null).license().id()).isEqualTo("a.lic");
    }

    @Test
    void rejectedLicense_leavesTheCurrentOneInForce() throws Exception {
        manager.reload(vendor.issue("good.lic", 50, "+1d").toString());
        Path bad = vendor.issue("bad.lic", 60, "+1d");
        Files.writeString(bad, Files.readString(bad).replace("= 60", "= 6000"));
        assertThatThrownBy(() -> manager.reload(bad.toString())).isInstanceOf(LicenseException.class)
                .hasMessageContaining(bad + ": signature does not match");
        assertThat(manager.current().license().id()).isEqualTo("good.lic");
        assertThat(Files.readString(home.resolve("data/licenses/osprey.lic"))).contains("id = good.lic");
    }

    @Test
    void expiredOrFutureLicense_isNotInstalled() {
        Path old = vendor.issue("old.lic", 50, "2021-01-01", "--valid-from", "2020-01-01");
        assertThatThrownBy(() -> manager.reload(old.toString()))
                .hasMessage(old + ": license old.lic expired at 2021-01-01T23:59:59Z; not installed, the current "
                        + "license stays in force");
        Path future = vendor.issue("future.lic", 50, "2099-12-31", "--valid-from", "2099-01-01");
        assertThatThrownBy(() -> manager.reload(future.toString())).hasMessageContaining("is not valid before "
                + "2099-01-01T00:00:00Z; not installed");
        assertThat(Files.exists(home.resolve("data/licenses/osprey.lic"))).isFalse();
    }

    @Test
    void missingFile_isNamed() {
        assertThatThrownBy(() -> manager.reload("nope.lic")).hasMessage(home.resolve("nope.lic") + ": no such file");
    }

    @Test
    void badConfigurationEdit_keepsThePreviousSettings_goodOneApplies() {
        Map<String, Object> bad = config();
        bad.put("fallback.max_connections", "-1");
        manager.modified(bad);
        assertThat(manager.settings().fallbackMaxConnections()).isEqualTo(10);
        Map<String, Object> good = config();
        good.put("fallback.max_connections", "3");
        manager.modified(good);
        assertThat(manager.current().maxConnections(Instant.now())).isEqualTo(3);
    }

    @Test
    void deactivate_clearsTheAlarms() {
        manager.deactivate();
        assertThat(alarms.active).isEmpty();
    }
}
