package io.osprey.plugin.license.format;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Checks that a license was signed by the vendor: its signature must verify against the vendor's public key over the
 * license's canonical bytes ({@link LicenseText#signedBytes}). Says nothing about dates; see {@link License}.
 */
public final class LicenseVerifier {

    private final PublicKey key;
    private final String keySource;

    /**
     * @param keySource names the key in error messages, e.g. the path of {@code license.pub}
     */
    public LicenseVerifier(PublicKey key, String keySource) {
        this.key = key;
        this.keySource = keySource;
    }

    /**
     * Parses and verifies a license file's text.
     *
     * @throws LicenseException when the text is malformed or the signature does not match, naming {@code source}
     */
    public License verify(String text, String source) throws LicenseException {
        SignedLicense signed = LicenseText.parse(text, source);
        if (!matches(signed)) {
            throw new LicenseException(source + ": signature does not match the vendor public key " + keySource
                    + " (the license was changed after it was signed, or signed with another key)");
        }
        return signed.license();
    }

    /** {@code true} when the signature is the vendor's over exactly these facts. */
    public boolean matches(SignedLicense signed) {
        try {
            Signature s = Signature.getInstance(KeyFiles.ALGORITHM);
            s.initVerify(key);
            s.update(LicenseText.signedBytes(signed.license()));
            return s.verify(signed.signature());
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a mismatch
        }
    }
}
