package io.osprey.backend.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.osprey.backend.hash.Pbkdf2;
import io.osprey.backend.hash.Pbkdf2Sha256;

/**
 * How stored passwords are hashed, written as EMQX's {@code password_hash}:
 * <ul>
 *   <li>{@code plain}, {@code md5}, {@code sha}, {@code sha256}, {@code sha512}: the hex digest of the password;</li>
 *   <li>{@code salt,sha256}: the salt column goes before the password; {@code sha256,salt}: after it;</li>
 *   <li>{@code bcrypt}: a {@code $2a$}/{@code $2b$}/{@code $2y$} hash (it carries its own salt);</li>
 *   <li>{@code pbkdf2,<sha|sha224|sha256|sha384|sha512>,<iterations>,<key bytes>}: PBKDF2-HMAC of the password with
 *   the salt column, as hex;</li>
 *   <li>{@code pbkdf2-sha256}: the stored value is a PHC string {@code $pbkdf2-sha256$i=…$<salt>$<key>}, the form
 *   auth-file keeps in {@code etc/passwd} ({@link Pbkdf2Sha256}); the salt column is not used.</li>
 * </ul>
 * Comparisons take the same time whatever the input, and digests compare without regard to hex case.
 */
public final class PasswordHash {

    enum Algorithm { PLAIN, MD5, SHA, SHA256, SHA512, BCRYPT, PBKDF2, PHC }

    enum Salt { NONE, PREFIX, SUFFIX }

    private final String text;
    private final Algorithm algorithm;
    private final Salt salt;
    private final String pbkdf2Mac;
    private final int iterations;
    private final int keyBytes;

    private PasswordHash(String text, Algorithm algorithm, Salt salt, String pbkdf2Mac, int iterations, int keyBytes) {
        this.text = text;
        this.algorithm = algorithm;
        this.salt = salt;
        this.pbkdf2Mac = pbkdf2Mac;
        this.iterations = iterations;
        this.keyBytes = keyBytes;
    }

    /** @throws IllegalArgumentException with what is expected */
    public static PasswordHash parse(String value) {
        String[] p = value.trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*");
        if (p[0].equals("pbkdf2")) {
            if (p.length != 4) {
                throw bad();
            }
            String mac = switch (p[1]) {
                case "sha" -> "HmacSHA1";
                case "sha224" -> "HmacSHA224";
                case "sha256" -> "HmacSHA256";
                case "sha384" -> "HmacSHA384";
                case "sha512" -> "HmacSHA512";
                default -> throw bad();
            };
            try {
                int it = Integer.parseInt(p[2]);
                int len = Integer.parseInt(p[3]);
                if (it < 1 || len < 1 || len > 1024) {
                    throw bad();
                }
                return new PasswordHash(value.trim(), Algorithm.PBKDF2, Salt.NONE, mac, it, len);
            } catch (NumberFormatException e) {
                throw bad();
            }
        }
        if (p.length == 1) {
            return new PasswordHash(value.trim(), algorithm(p[0]), Salt.NONE, null, 0, 0);
        }
        if (p.length == 2 && p[0].equals("salt")) {
            return new PasswordHash(value.trim(), digest(p[1]), Salt.PREFIX, null, 0, 0);
        }
        if (p.length == 2 && p[1].equals("salt")) {
            return new PasswordHash(value.trim(), digest(p[0]), Salt.SUFFIX, null, 0, 0);
        }
        throw bad();
    }

    private static Algorithm algorithm(String name) {
        return switch (name) {
            case "plain" -> Algorithm.PLAIN;
            case "bcrypt" -> Algorithm.BCRYPT;
            case "pbkdf2-sha256" -> Algorithm.PHC;
            default -> digest(name);
        };
    }

    private static Algorithm digest(String name) {
        return switch (name) {
            case "plain" -> Algorithm.PLAIN;
            case "md5" -> Algorithm.MD5;
            case "sha" -> Algorithm.SHA;
            case "sha256" -> Algorithm.SHA256;
            case "sha512" -> Algorithm.SHA512;
            default -> throw bad();
        };
    }

    private static IllegalArgumentException bad() {
        return new IllegalArgumentException("plain, md5, sha, sha256, sha512 or bcrypt, optionally with the salt "
                + "before (salt,sha256) or after (sha256,salt); pbkdf2,<sha|sha224|sha256|sha384|sha512>,"
                + "<iterations>,<key bytes>; or pbkdf2-sha256 (auth-file's $pbkdf2-sha256$ strings)");
    }

    /** Does {@code password} match the stored hash (and salt, which may be {@code null})? */
    public boolean check(String stored, String saltValue, byte[] password) {
        if (stored == null) {
            return false;
        }
        byte[] pw = password == null ? new byte[0] : password;
        if (algorithm == Algorithm.PHC) {
            try {
                return Pbkdf2Sha256.parse(stored.trim()).matches(pw);
            } catch (IllegalArgumentException e) {
                return false; // not a PHC string, or one too weak to accept
            }
        }
        if (algorithm == Algorithm.BCRYPT) {
            try {
                return BCrypt.verifyer().verify(pw, stored.trim().getBytes(StandardCharsets.UTF_8)).verified;
            } catch (RuntimeException e) {
                return false; // not a bcrypt hash, or a password bcrypt cannot take (over 72 bytes)
            }
        }
        String computed = hash(pw, saltValue);
        if (algorithm == Algorithm.PLAIN) {
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8),
                    stored.getBytes(StandardCharsets.UTF_8));
        }
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                stored.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The value to store for {@code password} (hex, lower case). For bcrypt, a new hash at cost 10, and for
     * pbkdf2-sha256 a new PHC string with 10000 iterations (the salt argument is ignored: both make their own).
     */
    public String hash(byte[] password, String saltValue) {
        byte[] s = saltValue == null ? new byte[0] : saltValue.getBytes(StandardCharsets.UTF_8);
        switch (algorithm) {
            case BCRYPT:
                return new String(BCrypt.withDefaults().hash(10, password), StandardCharsets.UTF_8);
            case PHC:
                return Pbkdf2Sha256.create(new String(password, StandardCharsets.UTF_8), 10_000).encoded();
            case PBKDF2:
                return HexFormat.of().formatHex(Pbkdf2.derive(pbkdf2Mac, password, s, iterations, keyBytes));
            case PLAIN:
                return new String(salted(password, s), StandardCharsets.UTF_8);
            default:
                return HexFormat.of().formatHex(digest().digest(salted(password, s)));
        }
    }

    private byte[] salted(byte[] password, byte[] s) {
        if (salt == Salt.NONE || s.length == 0) {
            return password;
        }
        byte[] out = new byte[password.length + s.length];
        if (salt == Salt.PREFIX) {
            System.arraycopy(s, 0, out, 0, s.length);
            System.arraycopy(password, 0, out, s.length, password.length);
        } else {
            System.arraycopy(password, 0, out, 0, password.length);
            System.arraycopy(s, 0, out, password.length, s.length);
        }
        return out;
    }

    private MessageDigest digest() {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case MD5 -> "MD5";
                case SHA -> "SHA-1";
                case SHA256 -> "SHA-256";
                case SHA512 -> "SHA-512";
                default -> throw new IllegalStateException(algorithm.name());
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
