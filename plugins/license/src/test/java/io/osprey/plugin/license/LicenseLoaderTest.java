package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicenseLoaderTest {

    @TempDir
    Path home;
    private Vendor vendor;
    private LicenseSettings settings;
    private Path etcLicense;

    @BeforeEach
    void setUp() throws Exception {
        vendor = new Vendor(home.resolve("vendor"));
        settings = settings(vendor.publicKey());
        etcLicense = settings.licenseFile();
        Files.createDirectories(etcLicense.getParent());
    }

    private LicenseSettings settings(Path publicKey) {
        return new LicenseSettings(publicKey, home.resolve("etc/osprey.lic"),
                home.resolve("data/licenses/osprey.lic"), 10, 80, 75, Duration.ofDays(30), Duration.ofSeconds(5));
    }

    private Entitlement load() {
        return new LicenseLoader(settings).load(Instant.now());
    }

    private void place(Path license, Path at) throws Exception {
        Files.createDirectories(at.getParent());
        Files.copy(license, at, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void noLicenseFile_fallsBack_andSaysWhichFileIsMissing() {
        Entitlement e = load();
        assertThat(e.status(Instant.now())).isEqualTo(Entitlement.Status.NO_LICENSE);
        assertThat(e.problem()).isEqualTo("no license file: " + etcLicense + " does not exist");
    }

    @Test
    void validLicenseFile_isInForce() throws Exception {
        place(vendor.issue("a.lic", 100, "+1d"), etcLicense);
        Entitlement e = load();
        assertThat(e.status(Instant.now())).isEqualTo(Entitlement.Status.VALID);
        assertThat(e.maxConnections(Instant.now())).isEqualTo(100);
        assertThat(e.source()).isEqualTo(etcLicense.toString());
    }

    @Test
    void tamperedLicense_fallsBack_withTheFileAndTheReason() throws Exception {
        place(vendor.issue("a.lic", 100, "+1d"), etcLicense);
        Files.writeString(etcLicense, Files.readString(etcLicense).replace("= 100", "= 100000"));
        Entitlement e = load();
        assertThat(e.status(Instant.now())).isEqualTo(Entitlement.Status.NO_LICENSE);
        assertThat(e.problem()).startsWith("rejected " + etcLicense + ": signature does not match the vendor "
                + "public key " + vendor.publicKey());
    }

    @Test
    void malformedLicense_fallsBack_withTheLine() throws Exception {
        Files.writeString(etcLicense, "this is not a license\n");
        assertThat(load().problem()).isEqualTo("rejected " + etcLicense
                + ": line 1: expected 'key = value', found 'this is not a license'");
    }

    @Test
    void missingPublicKey_fallsBack_andNamesTheKeyFile() throws Exception {
        place(vendor.issue("a.lic", 100, "+1d"), etcLicense);
        settings = settings(home.resolve("etc/license.pub"));
        assertThat(load().problem()).isEqualTo("cannot read the vendor public key: " + home.resolve("etc/license.pub")
                + ": no such file");
    }

    @Test
    void licenseForTheFuture_isNotYetValid_soTheFallbackApplies() throws Exception {
        place(vendor.issue("a.lic", 100, "2099-12-31", "--valid-from", "2099-01-01"), etcLicense);
        Entitlement e = load();
        assertThat(e.status(Instant.now())).isEqualTo(Entitlement.Status.NOT_YET_VALID);
        assertThat(e.maxConnections(Instant.now())).isEqualTo(10);
    }

    @Test
    void installedCopy_winsOverLicenseFile() throws Exception {
        place(vendor.issue("etc.lic", 100, "+1d"), etcLicense);
        place(vendor.issue("installed.lic", 200, "+1d"), settings.installedFile());
        assertThat(load().license().id()).isEqualTo("installed.lic");
    }

    @Test
    void expiredInstalledCopy_givesWayToALicenseFileInForce() throws Exception {
        place(vendor.issue("etc.lic", 100, "+1d"), etcLicense);
        place(vendor.issue("old.lic", 200, "2021-01-01", "--valid-from", "2020-01-01"), settings.installedFile());
        assertThat(load().license().id()).isEqualTo("etc.lic");
    }

    @Test
    void tamperedInstalledCopy_givesWayToLicenseFile() throws Exception {
        place(vendor.issue("etc.lic", 100, "+1d"), etcLicense);
        Files.createDirectories(settings.installedFile().getParent());
        Files.writeString(settings.installedFile(), "garbage = 1\n");
        assertThat(load().license().id()).isEqualTo("etc.lic");
    }

    @Test
    void verify_rejectsBinaryAndHugeContent() {
        LicenseLoader loader = new LicenseLoader(settings);
        assertThatThrownBy(() -> loader.verify(new byte[] {(byte) 0xC3, 0x28}, "upload"))
                .hasMessage("upload: not a license file (not UTF-8 text)");
        assertThatThrownBy(() -> loader.verify(new byte[LicenseLoader.MAX_BYTES + 1], "upload"))
                .hasMessage("upload: 65537 bytes is too large for a license");
    }
}
