package io.osprey.backend;

/**
 * The values placeholders take at one hook call or one authentication: {@code clientid}, {@code topic}, … Values are
 * {@code String}, {@code Integer}, {@code byte[]} (payload) or {@code java.time.Instant} (timestamp); {@code null}
 * when the client has none (no user name).
 */
@FunctionalInterface
public interface Vars {

    Object value(String name);
}
