package io.osprey.plugin.license.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;

import org.junit.jupiter.api.Test;

class LicenseVerifierTest {

    static final KeyPair VENDOR = KeyFiles.generate();
    static final KeyPair OTHER = KeyFiles.generate();

    private final LicenseVerifier verifier = new LicenseVerifier(VENDOR.getPublic(), "etc/license.pub");

    @Test
    void licenseSignedByTheVendor_verifies() throws Exception {
        String text = LicenseSigner.sign(LicenseTextTest.SAMPLE, VENDOR.getPrivate());
        assertThat(verifier.verify(text, "a.lic")).isEqualTo(LicenseTextTest.SAMPLE);
    }

    @Test
    void raisedLimit_breaksTheSignature() {
        String text = LicenseSigner.sign(LicenseTextTest.SAMPLE, VENDOR.getPrivate())
                .replace("max_connections = 1000", "max_connections = 100000");
        assertThatThrownBy(() -> verifier.verify(text, "etc/osprey.lic"))
                .isInstanceOf(LicenseException.class)
                .hasMessage("etc/osprey.lic: signature does not match the vendor public key etc/license.pub (the "
                        + "license was changed after it was signed, or signed with another key)");
    }

    @Test
    void extendedExpiry_breaksTheSignature() {
        String text = LicenseSigner.sign(LicenseTextTest.SAMPLE, VENDOR.getPrivate())
                .replace("2027-11-27T23", "2099-11-27T23");
        assertThatThrownBy(() -> verifier.verify(text, "a.lic")).hasMessageContaining("signature does not match");
    }

    @Test
    void licenseSignedWithAnotherKey_doesNotVerify() {
        String text = LicenseSigner.sign(LicenseTextTest.SAMPLE, OTHER.getPrivate());
        assertThatThrownBy(() -> verifier.verify(text, "a.lic")).hasMessageContaining("signature does not match");
    }

    @Test
    void garbageSignatureOfTheRightLength_isAMismatchNotACrash() {
        String text = LicenseText.render(LicenseTextTest.SAMPLE, new byte[64]);
        assertThatThrownBy(() -> verifier.verify(text, "a.lic")).hasMessageContaining("signature does not match");
    }
}
