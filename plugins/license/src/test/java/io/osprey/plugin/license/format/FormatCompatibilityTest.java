package io.osprey.plugin.license.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Licenses customers already hold must keep verifying: a format-1 file issued by an earlier build (see README). */
class FormatCompatibilityTest {

    @Test
    void format1LicenseFromAnEarlierBuild_stillVerifies() throws Exception {
        Path fixtures = Path.of("src/test/resources/fixtures");
        LicenseVerifier verifier = new LicenseVerifier(KeyFiles.readPublic(fixtures.resolve("test-vendor.pub")),
                "test-vendor.pub");
        String text = java.nio.file.Files.readString(fixtures.resolve("format-1.lic"), StandardCharsets.UTF_8);
        License l = verifier.verify(text, "format-1.lic");
        assertThat(l.id()).isEqualTo("fixture-format-1");
        assertThat(l.customer()).isEqualTo("Fixture Customer GmbH");
        assertThat(l.maxConnections()).isEqualTo(250);
        assertThat(l.nodes()).isEqualTo(2);
        assertThat(l.expiry()).isEqualTo(Instant.parse("2099-12-31T23:59:59Z"));
    }
}
