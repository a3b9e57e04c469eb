package io.osprey.backend.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

class Pbkdf2Test {

    @Test
    void rfc6070Vector_andTheJdksPbkdf2_agree() throws Exception {
        // RFC 6070 test vector 2: P = "password", S = "salt", c = 2, dkLen = 20 (HMAC-SHA1)
        assertThat(HexFormat.of().formatHex(Pbkdf2.derive("HmacSHA1", "password".getBytes(StandardCharsets.UTF_8),
                "salt".getBytes(StandardCharsets.UTF_8), 2, 20))).isEqualTo("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        // non-ASCII: the JDK's char-based PBKDF2 encodes UTF-8, so both give the same key
        String pw = "pässwörd €";
        byte[] salt = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(pw.toCharArray(), salt, 1000, 256)).getEncoded();
        assertThat(Pbkdf2.derive("HmacSHA256", pw.getBytes(StandardCharsets.UTF_8), salt, 1000, 32)).isEqualTo(jdk);
    }

    @Test
    void authFilesPhcStrings_verifyThroughTheSharedFormat() {
        // the same vector as auth-file's test: python3 hashlib.pbkdf2_hmac("sha256", "pässwörd €", bytes(range(16)), 1000)
        Pbkdf2Sha256 h = Pbkdf2Sha256.parse("$pbkdf2-sha256$i=1000$AAECAwQFBgcICQoLDA0ODw"
                + "$+KcRC0PH+aUksH9e1euTtqRyNWt1OZd070wpF6ZGhPc");
        assertThat(h.matches("p\u00e4ssw\u00f6rd \u20ac".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(h.matches("passwort".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
