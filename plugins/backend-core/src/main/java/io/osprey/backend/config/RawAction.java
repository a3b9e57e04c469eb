package io.osprey.backend.config;

import java.util.Set;

/**
 * How a backend writes its own actions in a rule: the key inside {@code "action"} ({@code "sql"} for the SQL backends,
 * {@code "commands"} for Redis, as in EMQX) and how one statement or command is compiled with the placeholders its
 * hook point allows.
 *
 * @param <T> the compiled form
 */
public interface RawAction<T> {

    /** The key in {@code "action": {"<key>": [...]}}. */
    String key();

    /**
     * @param allowed placeholder names the point offers
     * @throws IllegalArgumentException saying what is wrong (an unknown placeholder, an empty text)
     */
    T compile(String text, Set<String> allowed);
}
