package io.osprey.plugin.authfile.passwd;

/**
 * One line of the password file: who (a user name or a client id), the hash of their password, and whether they are
 * a superuser (ACL checks skipped).
 *
 * @param hash {@code null} for a name whose line could not be read when the plugin started: that name is known but
 *             cannot be verified, so it is refused rather than let through as unknown
 * @param line 1-based line number in the file
 */
public record Entry(Kind kind, String name, PasswordHash hash, boolean superuser, int line) {

    /** What an entry names. */
    public enum Kind {
        USER("user", "username"),
        CLIENT_ID("client id", "clientid");

        private final String label;
        private final String key;

        Kind(String label, String key) {
            this.label = label;
            this.key = key;
        }

        /** For messages: {@code user}, {@code client id}. */
        public String label() {
            return label;
        }

        /** For JSON and metrics: {@code username}, {@code clientid}. */
        public String key() {
            return key;
        }
    }

    /** {@code true} for a name the file reserves without a password ({@code $locked}): it is always refused. */
    public boolean locked() {
        return hash != null && hash.isLocked();
    }

    /** {@code true} when the entry can be checked against a password. */
    public boolean verifiable() {
        return hash != null;
    }
}
