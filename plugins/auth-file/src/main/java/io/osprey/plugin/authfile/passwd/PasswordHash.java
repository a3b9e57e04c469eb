package io.osprey.plugin.authfile.passwd;

import io.osprey.backend.hash.Pbkdf2Sha256;

/**
 * A salted password hash of {@code etc/passwd}, in PHC string form: {@code $pbkdf2-sha256$i=<iterations>$<salt>$<key>}.
 * The format lives in the backend core's hash package ({@link Pbkdf2Sha256}, copied into this bundle), which the
 * database backends read too ({@code password_hash = pbkdf2-sha256}): a line of this file can move to a user table.
 * <p>
 * Verification is deliberately slow (that is the point of the iteration count): never call {@link #matches} on an
 * I/O thread.
 */
public final class PasswordHash {

    public static final String PREFIX = Pbkdf2Sha256.PREFIX;
    /** Iteration counts accepted in a file: fewer would make a stolen file cheap to attack, more would stall CONNECTs. */
    public static final int MIN_ITERATIONS = Pbkdf2Sha256.MIN_ITERATIONS;
    public static final int MAX_ITERATIONS = Pbkdf2Sha256.MAX_ITERATIONS;

    private final Pbkdf2Sha256 hash;

    private PasswordHash(Pbkdf2Sha256 hash) {
        this.hash = hash;
    }

    /** Hashes {@code password} with a new random salt. */
    public static PasswordHash create(String password, int iterations) {
        return new PasswordHash(Pbkdf2Sha256.create(password, iterations));
    }

    /**
     * Reads the PHC form.
     *
     * @throws IllegalArgumentException saying what is wrong (never quoting the text, which may be a mistyped password)
     */
    public static PasswordHash parse(String text) {
        return new PasswordHash(Pbkdf2Sha256.parse(text));
    }

    /** {@code true} when {@code password} (the bytes of the MQTT password field) is the hashed password. */
    public boolean matches(byte[] password) {
        return hash.matches(password);
    }

    public int iterations() {
        return hash.iterations();
    }

    /** The PHC form, without Base64 padding. */
    public String encoded() {
        return hash.encoded();
    }

    @Override
    public String toString() {
        return encoded();
    }
}
