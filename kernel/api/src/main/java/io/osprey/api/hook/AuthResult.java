package io.osprey.api.hook;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ConnectReason;

/** The outcome of a {@link ClientAuthenticate} hook. Constants come as already-completed stages. */
public final class AuthResult {

    /** What an authenticator concluded. */
    public enum Decision { IGNORE, ALLOW, DENY }

    private static final AuthResult IGNORE = new AuthResult(Decision.IGNORE, false, false, null);
    private static final AuthResult ALLOW = new AuthResult(Decision.ALLOW, false, false, null);
    private static final AuthResult SUPERUSER = new AuthResult(Decision.ALLOW, true, false, null);
    private static final AuthResult BRIDGE = new AuthResult(Decision.ALLOW, false, true, null);
    private static final AuthResult DENY = new AuthResult(Decision.DENY, false, false,
            ConnectReason.BAD_USERNAME_OR_PASSWORD);

    private static final CompletionStage<AuthResult> IGNORE_STAGE = CompletableFuture.completedFuture(IGNORE);
    private static final CompletionStage<AuthResult> ALLOW_STAGE = CompletableFuture.completedFuture(ALLOW);
    private static final CompletionStage<AuthResult> SUPERUSER_STAGE = CompletableFuture.completedFuture(SUPERUSER);
    private static final CompletionStage<AuthResult> DENY_STAGE = CompletableFuture.completedFuture(DENY);
    private static final CompletionStage<AuthResult> BRIDGE_STAGE = CompletableFuture.completedFuture(BRIDGE);

    private final Decision decision;
    private final boolean superuser;
    private final boolean bridge;
    private final ConnectReason denyReason;

    private AuthResult(Decision decision, boolean superuser, boolean bridge, ConnectReason denyReason) {
        this.decision = decision;
        this.superuser = superuser;
        this.bridge = bridge;
        this.denyReason = denyReason;
    }

    /** This authenticator does not know the client: ask the next one. */
    public static CompletionStage<AuthResult> ignore() {
        return IGNORE_STAGE;
    }

    public static CompletionStage<AuthResult> allow() {
        return ALLOW_STAGE;
    }

    /** Allow, and skip ACL checks for this client. */
    public static CompletionStage<AuthResult> allowSuperuser() {
        return SUPERUSER_STAGE;
    }

    /**
     * Allow, and accept the client as a bridge (whether or not it set the bridge bit in CONNECT's protocol level, which
     * MQTT 5 bridges do not): its own messages are not sent back to it, it gets retained flags as published, and it
     * may relay {@code $SYS} topics the ACL allows it. Without this (or the bit on a listener with
     * {@code bridges = on}) a client is not a bridge.
     */
    public static CompletionStage<AuthResult> allowBridge() {
        return BRIDGE_STAGE;
    }

    /** Bad user name or password (CONNACK 0x86 for MQTT 5, 0x04 for 3.1.1). */
    public static CompletionStage<AuthResult> deny() {
        return DENY_STAGE;
    }

    /** Deny with another reason, e.g. {@link ConnectReason#NOT_AUTHORIZED} or {@link ConnectReason#BANNED}. */
    public static CompletionStage<AuthResult> deny(ConnectReason reason) {
        return CompletableFuture.completedFuture(new AuthResult(Decision.DENY, false, false, reason));
    }

    /** The value behind {@link #ignore()} etc., for code that composes stages itself. */
    public static AuthResult of(Decision decision, boolean superuser) {
        return switch (decision) {
            case IGNORE -> IGNORE;
            case ALLOW -> superuser ? SUPERUSER : ALLOW;
            case DENY -> DENY;
        };
    }

    public Decision decision() {
        return decision;
    }

    public boolean isSuperuser() {
        return superuser;
    }

    /** {@code true} for {@link #allowBridge()}. */
    public boolean isBridge() {
        return bridge;
    }

    public ConnectReason denyReason() {
        return denyReason;
    }
}
