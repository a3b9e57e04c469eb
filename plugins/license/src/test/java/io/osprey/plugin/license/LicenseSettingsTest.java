package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import org.junit.jupiter.api.Test;

class LicenseSettingsTest {

    static final Path HOME = Path.of("/opt/osprey");

    @Test
    void defaults_matchTheShippedFile() {
        ConfigReader r = ConfigReader.of("license", Map.of(), Map.of());
        LicenseSettings s = LicenseSettings.read(r, HOME, HOME.resolve("data/licenses"));
        assertThat(r.errors()).isEmpty();
        assertThat(s).isEqualTo(new LicenseSettings(Path.of("/opt/osprey/etc/license.pub"),
                Path.of("/opt/osprey/etc/osprey.lic"), Path.of("/opt/osprey/data/licenses/osprey.lic"), 10, 80, 75,
                Duration.ofDays(30), Duration.ofSeconds(5)));
    }

    @Test
    void environment_overridesTheFile_andAbsolutePathsStayAbsolute() {
        ConfigReader r = ConfigReader.of("license", Map.of("public_key_file", "etc/license.pub"),
                Map.of("OSPREY_LICENSE__PUBLIC_KEY_FILE", "/keys/vendor.pub",
                        "OSPREY_LICENSE__FALLBACK_MAX_CONNECTIONS", "25"));
        LicenseSettings s = LicenseSettings.read(r, HOME, HOME.resolve("data/licenses"));
        assertThat(s.publicKeyFile()).isEqualTo(Path.of("/keys/vendor.pub"));
        assertThat(s.fallbackMaxConnections()).isEqualTo(25);
    }

    @Test
    void badValues_areReportedWithKeyAndExpectation() {
        ConfigReader r = ConfigReader.of("license", Map.of("connection_high_watermark", "120%",
                "connection_low_watermark", "90", "fallback.max_connections", "many", "check_interval", "10ms"),
                Map.of());
        LicenseSettings.read(r, HOME, HOME.resolve("data/licenses"));
        assertThat(r.errors()).extracting(e -> e.describe()).containsExactlyInAnyOrder(
                "osprey.license (no file): connection_high_watermark = \"120%\": expected a percentage from 1% to 100%",
                "osprey.license (no file): connection_low_watermark = \"90%\": expected a percentage not above "
                        + "connection_high_watermark (80%)",
                "osprey.license (no file): fallback.max_connections = \"many\": expected an integer from 0 to "
                        + "2147483647",
                "osprey.license (no file): check_interval = \"10ms\": expected a duration of at least 100ms");
    }
}
