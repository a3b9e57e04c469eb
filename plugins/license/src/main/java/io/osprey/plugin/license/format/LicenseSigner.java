package io.osprey.plugin.license.format;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/** Signs licenses with the vendor's private key (the vendor tool's side of {@link LicenseVerifier}). */
public final class LicenseSigner {

    private LicenseSigner() {
    }

    /** @return the license file's text, signed */
    public static String sign(License license, PrivateKey key) {
        LicenseText.checkWritable(license);
        try {
            Signature s = Signature.getInstance(KeyFiles.ALGORITHM);
            s.initSign(key);
            s.update(LicenseText.signedBytes(license));
            return LicenseText.render(license, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }
}
