package io.osprey.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHashTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // digests of "public" and of salt/password concatenations, from coreutils' md5sum/sha*sum
            "plain, public, '', public",
            "md5, public, '', 4c9184f37cff01bcdc32dc486ec36961",
            "sha, public, '', 61c9b2b17db77a27841bbeeabff923448b0f6388",
            "sha256, public, '', efa1f375d76194fa51a3556a97e641e61685f914d446979da50a551a4333ffd7",
            "sha512, public, '', d32997e9747b65a3ecf65b82533a4c843c4e16dd30cf371e8c81ab60a341de00051da422d41ff29c55695f233a1e06fac8b79aeb0a4d91ae5d3d18c8e09b8c73",
            "'salt,sha256', public, salt, f2ef7f9aedb2c3b5040bc16691a1177758a92ad91e1ee77770215a332bf6099f",
            "'sha256,salt', public, salt, f4a8615be301fbaf6213df33cfe5f22953aafc0c31beb8f2daef55b127444d27",
    })
    void digests_matchTheStoredHex(String spec, String password, String salt, String stored) {
        PasswordHash h = PasswordHash.parse(spec);
        assertThat(h.hash(b(password), salt)).isEqualTo(stored);
        assertThat(h.check(stored, salt, b(password))).isTrue();
        assertThat(h.check(stored.toUpperCase(), salt, b(password))).as("hex case").isEqualTo(!spec.equals("plain"));
        assertThat(h.check(stored, salt, b("wrong"))).isFalse();
    }

    @Test
    void pbkdf2_matchesRfc6070() {
        // RFC 6070 test vector 2: P = "password", S = "salt", c = 2, dkLen = 20 (HMAC-SHA1)
        PasswordHash h = PasswordHash.parse("pbkdf2,sha,2,20");
        assertThat(h.hash(b("password"), "salt")).isEqualTo("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        assertThat(h.check("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957", "salt", b("password"))).isTrue();
        assertThat(h.check("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957", "pepper", b("password"))).isFalse();
    }

    @Test
    void pbkdf2Sha256_longerThanOneBlock() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1, dkLen = 64
        PasswordHash h = PasswordHash.parse("pbkdf2,sha256,1,64");
        assertThat(h.hash(b("passwd"), "salt")).isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c2"
                + "0dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    }

    @Test
    void pbkdf2Sha256_readsAuthFilesPhcStrings_andIgnoresTheSaltColumn() {
        PasswordHash h = PasswordHash.parse("pbkdf2-sha256");
        String stored = h.hash(b("s3cret"), "ignored");
        assertThat(stored).startsWith("$pbkdf2-sha256$i=10000$");
        assertThat(h.check(stored, "ignored", b("s3cret"))).isTrue();
        assertThat(h.check(stored, null, b("s3cre"))).isFalse();
        assertThat(h.check("$pbkdf2-sha256$i=1000$AAECAwQFBgcICQoLDA0ODw$+KcRC0PH+aUksH9e1euTtqRyNWt1OZd070wpF6ZGhPc",
                null, b("p\u00e4ssw\u00f6rd \u20ac"))).as("a line of auth-file's etc/passwd").isTrue();
        assertThat(h.check("plain-text", null, b("plain-text"))).isFalse();
    }

    @Test
    void bcrypt_verifiesStandardHashes_andRejectsOtherPasswords() {
        PasswordHash h = PasswordHash.parse("bcrypt");
        String stored = h.hash(b("s3cret"), null);
        assertThat(stored).startsWith("$2a$10$");
        assertThat(h.check(stored, null, b("s3cret"))).isTrue();
        assertThat(h.check(stored, "ignored-salt", b("s3cret"))).isTrue();
        assertThat(h.check(stored, null, b("s3cre"))).isFalse();
        assertThat(h.check("not-a-bcrypt-hash", null, b("s3cret"))).isFalse();
    }

    @Test
    void missingStoredPassword_orMissingClientPassword_doNotMatch() {
        PasswordHash h = PasswordHash.parse("sha256");
        assertThat(h.check(null, null, b("x"))).isFalse();
        assertThat(h.check(h.hash(b("x"), null), null, null)).isFalse();
    }

    @Test
    void badSpecs_areRejectedWithWhatIsExpected() {
        for (String bad : new String[] {"sha1024", "pbkdf2,sha256", "pbkdf2,md4,1000,20", "salt,bcrypt", "a,b,c"}) {
            assertThatThrownBy(() -> PasswordHash.parse(bad)).as(bad).hasMessageContaining("plain, md5");
        }
    }
}
