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
    /** How the file writes {@link #LOCKED}. */
    public static final String LOCKED_TEXT = "$locked";
    /**
     * The "hash" of a name the file reserves without a usable password: no password matches it, so every client
     * claiming the name is refused until {@code ctl users passwd} sets one. A name that ACL rules trust (the shipped
     * {@code dashboard}) is listed this way, so that nobody can hold it unauthenticated.
     */
    public static final PasswordHash LOCKED = new PasswordHash(null);

    /** {@code null} only for {@link #LOCKED}. */
    private final Pbkdf2Sha256 hash;

    private PasswordHash(Pbkdf2Sha256 hash) {
        this.hash = hash;
    }

    /** Hashes {@code password} with a new random salt. */
    public static PasswordHash create(String password, int iterations) {
        return new PasswordHash(Pbkdf2Sha256.create(password, iterations));
    }

    /**
     * Reads the PHC form, or {@link #LOCKED_TEXT}.
     *
     * @throws IllegalArgumentException saying what is wrong (never quoting the text, which may be a mistyped password)
     */
    public static PasswordHash parse(String text) {
        return text.equals(LOCKED_TEXT) ? LOCKED : new PasswordHash(Pbkdf2Sha256.parse(text));
    }

    /** {@code true} when {@code password} (the bytes of the MQTT password field) is the hashed password. */
    public boolean matches(byte[] password) {
        return !isLocked() && hash.matches(password);
    }

    /** The iteration count; 0 for {@link #LOCKED}. */
    public int iterations() {
        return isLocked() ? 0 : hash.iterations();
    }

    /** {@code true} for {@link #LOCKED}. */
    public boolean isLocked() {
        return this == LOCKED;
    }

    /** The PHC form, without Base64 padding ({@link #LOCKED_TEXT} for a locked entry). */
    public String encoded() {
        return isLocked() ? LOCKED_TEXT : hash.encoded();
    }

    @Override
    public String toString() {
        return encoded();
    }
}
