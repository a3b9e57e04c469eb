package io.osprey.plugin.license.format;

import java.util.Objects;

/**
 * A license as read from a file: its facts and the signature that came with them, not yet checked against a key
 * (see {@link LicenseVerifier}).
 */
public record SignedLicense(License license, byte[] signature) {

    public SignedLicense {
        Objects.requireNonNull(license, "license");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
