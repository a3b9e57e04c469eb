package io.osprey.backend.hash;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A salted password hash in PHC string form: {@code $pbkdf2-sha256$i=<iterations>$<salt>$<key>}, where key is
 * PBKDF2-HMAC-SHA256 (RFC 8018, {@link Pbkdf2}) of the UTF-8 password; salt and key are Base64 (standard alphabet,
 * padding optional). Python's {@code hashlib.pbkdf2_hmac("sha256", …)} gives the same key, so hashes can be made
 * without Osprey. It is what auth-file keeps in {@code etc/passwd}, and a format the database backends read
 * ({@code password_hash = pbkdf2-sha256}), so users can move between the two.
 * <p>
 * Verification is deliberately slow (that is the point of the iteration count): never call {@link #matches} on an
 * I/O thread.
 */
public final class Pbkdf2Sha256 {

    public static final String PREFIX = "$pbkdf2-sha256$";
    /** Iteration counts accepted in a file: fewer would make a stolen file cheap to attack, more would stall CONNECTs. */
    public static final int MIN_ITERATIONS = 1_000;
    public static final int MAX_ITERATIONS = 10_000_000;
    public static final int SALT_BYTES = 16;
    public static final int KEY_BYTES = 32;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MIN_KEY_BYTES = 16;
    private static final int MAX_KEY_BYTES = 64;
    private static final Pattern FORM = Pattern.compile(
            "\\$pbkdf2-sha256\\$i=(\\d{1,9})(?:,[a-z]+=[^$]*)*\\$([A-Za-z0-9+/]+={0,2})\\$([A-Za-z0-9+/]+={0,2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] key;

    private Pbkdf2Sha256(int iterations, byte[] salt, byte[] key) {
        this.iterations = iterations;
        this.salt = salt;
        this.key = key;
    }

    /** Hashes {@code password} with a new random salt. */
    public static Pbkdf2Sha256 create(String password, int iterations) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        char[] chars = password.toCharArray();
        try {
            return new Pbkdf2Sha256(iterations, salt, derive(chars, salt, iterations, KEY_BYTES));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Reads the PHC form.
     *
     * @throws IllegalArgumentException saying what is wrong (never quoting the text, which may be a mistyped password)
     */
    public static Pbkdf2Sha256 parse(String text) {
        if (!text.startsWith("$")) {
            throw new IllegalArgumentException("expected a hash $pbkdf2-sha256$i=<iterations>$<salt>$<key>; "
                    + "plain-text passwords are not accepted (use 'ctl users passwd' to set one)");
        }
        if (!text.startsWith(PREFIX)) {
            int end = text.indexOf('$', 1);
            String scheme = end < 0 ? text.substring(1) : text.substring(1, end);
            throw new IllegalArgumentException("unsupported hash scheme '" + scheme + "': only pbkdf2-sha256 is");
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed pbkdf2-sha256 hash: expected "
                    + "$pbkdf2-sha256$i=<iterations>$<Base64 salt>$<Base64 key>");
        }
        long iterations = Long.parseLong(m.group(1));
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iteration count " + iterations + " is outside " + MIN_ITERATIONS
                    + " to " + MAX_ITERATIONS);
        }
        byte[] salt;
        byte[] key;
        try {
            salt = Base64.getDecoder().decode(m.group(2));
            key = Base64.getDecoder().decode(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed Base64 in the hash: " + e.getMessage());
        }
        if (salt.length < MIN_SALT_BYTES) {
            throw new IllegalArgumentException("the salt has " + salt.length + " bytes; at least " + MIN_SALT_BYTES
                    + " are needed");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key has " + key.length + " bytes; expected " + MIN_KEY_BYTES
                    + " to " + MAX_KEY_BYTES);
        }
        return new Pbkdf2Sha256((int) iterations, salt, key);
    }

    /**
     * {@code true} when {@code password} (the bytes of the MQTT password field) is the hashed password. Bytes that
     * are not UTF-8 never match (no stored password can contain them). The keys are compared in constant time.
     */
    public boolean matches(byte[] password) {
        char[] chars = decodeUtf8(password);
        if (chars == null || chars.length == 0) {
            return false;
        }
        byte[] candidate = derive(chars, salt, iterations, key.length);
        Arrays.fill(chars, '\0');
        return MessageDigest.isEqual(candidate, key);
    }

    public int iterations() {
        return iterations;
    }

    /** The PHC form, without Base64 padding. */
    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "i=" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    @Override
    public String toString() {
        return encoded();
    }

    /** PBKDF2-HMAC-SHA256 of the password's UTF-8 bytes; the copies of the password are cleared. */
    private static byte[] derive(char[] password, byte[] salt, int iterations, int keyBytes) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            return Pbkdf2.derive("HmacSHA256", bytes, salt, iterations, keyBytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The password as characters (encoded back to the same UTF-8 for the key), or null if not UTF-8. */
    private static char[] decodeUtf8(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = d.decode(ByteBuffer.wrap(bytes));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            if (cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
