package io.osprey.plugin.authfile.passwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a new hash is PHC pbkdf2-sha256 with the iteration count, a 16-byte salt and a 32-byte key; no plain text")
    void create_writesPhcForm_withoutThePassword() {
        PasswordHash h = PasswordHash.create("s3cret-Passw0rd", 1000);
        assertThat(h.encoded()).matches("\\$pbkdf2-sha256\\$i=1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
                .doesNotContain("s3cret");
        assertThat(h.matches(utf8("s3cret-Passw0rd"))).isTrue();
        assertThat(h.matches(utf8("s3cret-Passw0rD"))).isFalse();
    }

    @Test
    @DisplayName("the same password hashed twice gets two salts, so two different hashes")
    void samePassword_twice_differentSaltsAndHashes() {
        String a = PasswordHash.create("same", 1000).encoded();
        String b = PasswordHash.create("same", 1000).encoded();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.split("\\$")[3]).isNotEqualTo(b.split("\\$")[3]);
    }

    @Test
    @DisplayName("parse(encoded) round-trips and verifies with the stored iteration count")
    void parse_roundTrips() {
        PasswordHash h = PasswordHash.create("pw", 2345);
        PasswordHash back = PasswordHash.parse(h.encoded());
        assertThat(back.iterations()).isEqualTo(2345);
        assertThat(back.encoded()).isEqualTo(h.encoded());
        assertThat(back.matches(utf8("pw"))).isTrue();
    }

    @Test
    @DisplayName("a hash made by Python's hashlib.pbkdf2_hmac (UTF-8 password, non-ASCII) verifies: files can be made without Osprey")
    void hashFromPython_verifies() {
        // python3: hashlib.pbkdf2_hmac("sha256", "pässwörd €".encode(), bytes(range(16)), 1000), Base64 without '='
        PasswordHash h = PasswordHash.parse("$pbkdf2-sha256$i=1000$AAECAwQFBgcICQoLDA0ODw"
                + "$+KcRC0PH+aUksH9e1euTtqRyNWt1OZd070wpF6ZGhPc");
        assertThat(h.matches(utf8("p\u00e4ssw\u00f6rd \u20ac"))).isTrue();
        assertThat(h.matches(utf8("passwort \u20ac"))).isFalse();
        // padded Base64 is read too
        assertThat(PasswordHash.parse("$pbkdf2-sha256$i=1000$AAECAwQFBgcICQoLDA0ODw=="
                + "$+KcRC0PH+aUksH9e1euTtqRyNWt1OZd070wpF6ZGhPc=").matches(utf8("p\u00e4ssw\u00f6rd \u20ac"))).isTrue();
    }

    @Test
    @DisplayName("password bytes that are not UTF-8, and an empty password, never match")
    void nonUtf8OrEmptyPassword_neverMatches() {
        PasswordHash h = PasswordHash.create("\u00ff", 1000);
        assertThat(h.matches(new byte[] {(byte) 0xff})).isFalse(); // ISO-8859-1 ÿ, not UTF-8
        assertThat(h.matches(utf8("\u00ff"))).isTrue();
        assertThat(h.matches(new byte[0])).isFalse();
        assertThatThrownBy(() -> PasswordHash.create("", 1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("plain text, other schemes, weak parameters and bad Base64 are refused, without quoting the text")
    void weakOrForeignHashes_areRefused() {
        assertThatThrownBy(() -> PasswordHash.parse("hunter2")).hasMessageContaining("plain-text passwords are not")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PasswordHash.parse("$2y$10$abcdefghijklmnopqrstuv"))
                .hasMessageContaining("unsupported hash scheme '2y'");
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$i=999$AAECAwQFBgcICQoLDA0ODw$"
                + "+KcRC0PH+aUksH9e1euTtqRyNWt1OZd070wpF6ZGhPc")).hasMessageContaining("iteration count 999");
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$i=1000$AAEC$"
                + "+KcRC0PH+aUksH9e1euTtqRyNWt1OZd070wpF6ZGhPc")).hasMessageContaining("the salt has 3 bytes");
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$i=1000$AAECAwQFBgcICQoLDA0ODw$AAEC"))
                .hasMessageContaining("the key has 3 bytes");
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$AAEC"))
                .hasMessageContaining("malformed pbkdf2-sha256 hash");
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$i=1000$A$AAEC"))
                .hasMessageContaining("malformed Base64");
    }
}
