package io.osprey.plugin.authfile.passwd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of one good version of the password file, by user name and by client id. Immutable: a reload builds a
 * new instance and swaps it in, so authentication reads one consistent version without locks.
 */
public final class Credentials {

    public static final Credentials EMPTY = new Credentials(List.of());

    private final Map<String, Entry> users = new LinkedHashMap<>();
    private final Map<String, Entry> clientIds = new LinkedHashMap<>();

    /** @param entries no name twice per kind (the parser reports duplicates) */
    public Credentials(List<Entry> entries) {
        for (Entry e : entries) {
            (e.kind() == Entry.Kind.USER ? users : clientIds).put(e.name(), e);
        }
    }

    /** The entry of user name {@code username}, or {@code null}. */
    public Entry user(String username) {
        return username == null ? null : users.get(username);
    }

    /** The entry of client id {@code clientId}, or {@code null}. */
    public Entry clientId(String clientId) {
        return clientId == null ? null : clientIds.get(clientId);
    }

    public Entry find(Entry.Kind kind, String name) {
        return kind == Entry.Kind.USER ? user(name) : clientId(name);
    }

    /** Entries of one kind, in file order. */
    public List<Entry> entries(Entry.Kind kind) {
        return Collections.unmodifiableList(new ArrayList<>((kind == Entry.Kind.USER ? users : clientIds).values()));
    }

    public int users() {
        return users.size();
    }

    public int clientIds() {
        return clientIds.size();
    }

    /** e.g. {@code 3 users and 1 client id}. */
    public String summary() {
        return plural(users.size(), "user") + " and " + plural(clientIds.size(), "client id");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
