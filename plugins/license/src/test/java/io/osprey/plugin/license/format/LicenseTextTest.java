package io.osprey.plugin.license.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class LicenseTextTest {

    static final License SAMPLE = new License("lic-1", "ACME Corp", "ops@acme.example", Edition.OFFICIAL,
            Instant.parse("2026-11-27T08:00:00Z"), Instant.parse("2026-11-27T00:00:00Z"),
            Instant.parse("2027-11-27T23:59:59Z"), 1000, 3);
    static final byte[] SIGNATURE = new byte[64];

    private static String sample() {
        return LicenseText.render(SAMPLE, SIGNATURE);
    }

    @Test
    void renderedLicense_parsesBackToTheSameFacts() throws Exception {
        SignedLicense parsed = LicenseText.parse(sample(), "a.lic");
        assertThat(parsed.license()).isEqualTo(SAMPLE);
        assertThat(parsed.signature()).isEqualTo(SIGNATURE);
    }

    @Test
    void withoutNodes_nodesReadsAsZero_andIsNotWritten() throws Exception {
        License noNodes = new License("lic-2", "A", "a@b.example", Edition.TRIAL, SAMPLE.issued(),
                SAMPLE.validFrom(), SAMPLE.expiry(), 5, 0);
        String text = LicenseText.render(noNodes, SIGNATURE);
        assertThat(text).doesNotContain("nodes");
        assertThat(LicenseText.parse(text, "a.lic").license().nodes()).isZero();
    }

    @Test
    void windowsLineEndingsCommentsAndSpacing_doNotChangeTheSignedBytes() throws Exception {
        String reformatted = "\uFEFF# copied by mail\r\n" + sample().replace("\n", "\r\n").replace(" = ", "=")
                .replace("customer=", "  customer   =   ");
        License parsed = LicenseText.parse(reformatted, "a.lic").license();
        assertThat(LicenseText.signedBytes(parsed)).isEqualTo(LicenseText.signedBytes(SAMPLE));
    }

    @Test
    void anyChangedFact_changesTheSignedBytes() throws Exception {
        License more = LicenseText.parse(sample().replace("max_connections = 1000", "max_connections = 1001"),
                "a.lic").license();
        assertThat(LicenseText.signedBytes(more)).isNotEqualTo(LicenseText.signedBytes(SAMPLE));
    }

    @Test
    void unknownKey_isRejectedWithItsLine() {
        String text = sample().replace("edition = official", "edition = official\ncolour = blue");
        assertThatThrownBy(() -> LicenseText.parse(text, "etc/osprey.lic"))
                .isInstanceOf(LicenseException.class)
                .hasMessage("etc/osprey.lic: line 9: unknown key 'colour'");
    }

    @Test
    void repeatedKey_isRejected() {
        String text = sample() + "max_connections = 99999\n";
        assertThatThrownBy(() -> LicenseText.parse(text, "a.lic"))
                .hasMessageContaining("key 'max_connections' appears twice (first on line 12)");
    }

    @Test
    void missingKey_isNamed() {
        String text = sample().replaceAll("(?m)^expiry = .*\\n", "");
        assertThatThrownBy(() -> LicenseText.parse(text, "a.lic")).hasMessage("a.lic: missing key 'expiry'");
    }

    @Test
    void missingSignature_saysTheLicenseIsNotSigned() {
        String text = sample().replaceAll("(?m)^signature = .*\\n", "");
        assertThatThrownBy(() -> LicenseText.parse(text, "a.lic")).hasMessageContaining("not signed");
    }

    @Test
    void badValues_nameTheKeyTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> LicenseText.parse(sample().replace("2027-11-27T23:59:59Z", "next year"), "a.lic"))
                .hasMessage("a.lic: expiry = 'next year': expected a UTC time such as 2027-11-27T23:59:59Z");
        assertThatThrownBy(() -> LicenseText.parse(sample().replace("= 1000", "= lots"), "a.lic"))
                .hasMessage("a.lic: max_connections = 'lots': expected an integer from 1 to 2147483647");
        assertThatThrownBy(() -> LicenseText.parse(sample().replace("= official", "= gold"), "a.lic"))
                .hasMessage("a.lic: edition = 'gold': expected trial or official");
        assertThatThrownBy(() -> LicenseText.parse(sample().replaceAll("signature = .*", "signature = !!"), "a.lic"))
                .hasMessage("a.lic: signature = '!!': expected Base64 text");
        assertThatThrownBy(() -> LicenseText.parse(sample().replaceAll("signature = .*", "signature = AAAA"),
                "a.lic")).hasMessage("a.lic: signature has 3 bytes; an Ed25519 signature has 64");
    }

    @Test
    void expiryNotAfterValidFrom_isRejected() {
        String text = sample().replace("valid_from = 2026-11-27T00:00:00Z", "valid_from = 2028-01-01T00:00:00Z");
        assertThatThrownBy(() -> LicenseText.parse(text, "a.lic"))
                .hasMessage("a.lic: expiry 2027-11-27T23:59:59Z is not after valid_from 2028-01-01T00:00:00Z");
    }

    @Test
    void newerFormat_saysWhichFormatThisVersionReads() {
        assertThatThrownBy(() -> LicenseText.parse(sample().replace("format = 1", "format = 2"), "a.lic"))
                .hasMessage("a.lic: format 2 is not supported: this version of Osprey reads license format 1");
    }

    @Test
    void somethingElse_isNotALicenseFile() {
        assertThatThrownBy(() -> LicenseText.parse("", "a.lic"))
                .hasMessage("a.lic: not a license file (no 'key = value' lines)");
        assertThatThrownBy(() -> LicenseText.parse("-----BEGIN PUBLIC KEY-----\nMCow\n", "a.lic"))
                .hasMessage("a.lic: line 1: expected 'key = value', found '-----BEGIN PUBLIC KEY-----'");
    }

    @Test
    void multiLineCustomer_cannotBeWritten() {
        License bad = new License("lic-3", "ACME\nexpiry = 2099-01-01T00:00:00Z", "a@b.example", Edition.TRIAL,
                SAMPLE.issued(), SAMPLE.validFrom(), SAMPLE.expiry(), 5, 0);
        assertThatThrownBy(() -> LicenseText.checkWritable(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("customer");
    }
}
