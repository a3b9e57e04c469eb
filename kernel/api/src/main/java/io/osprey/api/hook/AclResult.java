package io.osprey.api.hook;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The outcome of a {@link ClientCheckAcl} hook. */
public enum AclResult {
    /** Permit; the chain stops. */
    ALLOW,
    /** Refuse; the chain stops. */
    DENY,
    /** No rule here matched; ask the next hook ({@code acl_nomatch} decides at the end). */
    IGNORE;

    private final CompletionStage<AclResult> stage = CompletableFuture.completedFuture(this);

    /** This value as an already-completed stage (no allocation). */
    public CompletionStage<AclResult> stage() {
        return stage;
    }
}
