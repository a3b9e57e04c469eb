package io.osprey.backend.hash;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018) over a password's bytes as they are. The JDK's {@code PBEKeySpec} takes characters and re-encodes
 * them, which cannot express a password that is not UTF-8 (MQTT passwords are binary); this takes the bytes, with the
 * JDK's HMAC.
 */
public final class Pbkdf2 {

    private Pbkdf2() {
    }

    /**
     * @param mac {@code HmacSHA1}, {@code HmacSHA256}, …
     * @throws IllegalStateException when the JDK has no such MAC
     */
    public static byte[] derive(String mac, byte[] password, byte[] salt, int iterations, int keyBytes) {
        try {
            Mac hmac = Mac.getInstance(mac);
            // HMAC pads its key with zeros, so an empty password is the same key as one zero byte
            hmac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, mac));
            int hLen = hmac.getMacLength();
            byte[] out = new byte[keyBytes];
            int blocks = (keyBytes + hLen - 1) / hLen;
            for (int i = 1; i <= blocks; i++) {
                hmac.update(salt);
                hmac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
                byte[] u = hmac.doFinal();
                byte[] t = u.clone();
                for (int j = 1; j < iterations; j++) {
                    u = hmac.doFinal(u);
                    for (int k = 0; k < t.length; k++) {
                        t[k] ^= u[k];
                    }
                }
                System.arraycopy(t, 0, out, (i - 1) * hLen, Math.min(hLen, keyBytes - (i - 1) * hLen));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 with " + mac + " is not available", e);
        }
    }
}
