package io.osprey.backend;

import java.util.Map;

import io.osprey.backend.auth.BackendAcl;
import io.osprey.backend.auth.BackendAuthenticator;
import io.osprey.backend.hooks.BackendHooks;
import io.osprey.backend.write.Writer;

/**
 * A running backend, whatever its database: what its OSGi component registers and {@code ctl <plugin> status} shows.
 * The hooks, authenticator, ACL check and writer are its {@link BackendRuntime}'s.
 *
 * @param <S> its settings
 */
public interface Backend<S> extends AutoCloseable {

    S settings();

    /** Applies a new snapshot in place; queued writes are kept. */
    void reconfigure(S next);

    BackendRuntime<?, ?> runtime();

    default BackendHooks<?> hooks() {
        return runtime().hooks();
    }

    default BackendAuthenticator authenticator() {
        return runtime().authenticator();
    }

    default BackendAcl acl() {
        return runtime().acl();
    }

    /** Is authentication configured (an auth query or command)? */
    boolean authEnabled();

    /** Is the ACL configured? */
    boolean aclEnabled();

    default Writer<?> writer() {
        return runtime().writer();
    }

    /** Everything {@code ctl <plugin> status} shows. */
    Map<String, Object> status();

    /** Flushes the write queue (up to {@code flush_timeout}) and closes the connections. */
    @Override
    void close();
}
