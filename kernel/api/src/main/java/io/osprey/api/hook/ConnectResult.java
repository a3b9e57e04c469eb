package io.osprey.api.hook;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ConnectReason;

/** The outcome of a {@link ClientConnect} hook. */
public final class ConnectResult {

    private static final ConnectResult PROCEED = new ConnectResult(null, null);
    private static final CompletionStage<ConnectResult> PROCEED_STAGE = CompletableFuture.completedFuture(PROCEED);

    private final ConnectReason reason;
    private final String reasonString;

    private ConnectResult(ConnectReason reason, String reasonString) {
        this.reason = reason;
        this.reasonString = reasonString;
    }

    /** No objection; the next hook decides. Already completed, allocation-free. */
    public static CompletionStage<ConnectResult> proceed() {
        return PROCEED_STAGE;
    }

    /** Refuse the connection with {@code reason}; {@code reasonString} is sent to MQTT 5 clients and logged. */
    public static ConnectResult reject(ConnectReason reason, String reasonString) {
        return new ConnectResult(Objects.requireNonNull(reason), reasonString);
    }

    public boolean isRejected() {
        return reason != null;
    }

    /** The rejection reason, or {@code null} when proceeding. */
    public ConnectReason reason() {
        return reason;
    }

    public String reasonString() {
        return reasonString;
    }

    public CompletionStage<ConnectResult> stage() {
        return CompletableFuture.completedFuture(this);
    }
}
