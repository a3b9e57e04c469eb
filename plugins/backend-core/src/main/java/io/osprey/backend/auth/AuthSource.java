package io.osprey.backend.auth;

import java.util.List;

import io.osprey.backend.write.UnavailableException;

/**
 * Where a backend reads users and ACL rules: its {@code auth_query}/{@code auth_cmd}, {@code super_query}/
 * {@code super_cmd} and {@code acl_query}/{@code acl_cmd}. Called on the backend's query threads; may block up to the
 * query timeout.
 */
public interface AuthSource {

    /** A user's stored password hash and salt ({@code null} when there is none). */
    record StoredPassword(String hash, String salt) {
    }

    /**
     * @return the stored password, or {@code null} when the query found no such user (not this backend's to decide)
     * @throws UnavailableException when the database cannot answer
     */
    StoredPassword password(Credentials who) throws UnavailableException;

    /** Does the super query say this user is a superuser? {@code false} when it has none or it fails. */
    boolean isSuperuser(Credentials who);

    /**
     * The ACL rules for this client, in the order the query returns them.
     *
     * @throws UnavailableException when the database cannot answer
     */
    List<AclRow> aclRows(Credentials who) throws UnavailableException;

    /** Is a value from the database true? {@code 1}, {@code true}, {@code yes}, and PostgreSQL's boolean {@code t}. */
    static boolean truthy(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")
                || v.equals("t"));
    }
}
