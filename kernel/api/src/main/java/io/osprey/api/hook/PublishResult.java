package io.osprey.api.hook;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.osprey.api.Message;

/**
 * The outcome of a {@link MessagePublish} hook: continue (optionally with a changed message), stop the message
 * (it is acknowledged to the publisher but not routed — e.g. a plugin that delays or swallows it), or fail it (the
 * publisher gets an error: MQTT 5 reason code, or no acknowledgement for 3.1.x so that it sends again).
 */
public final class PublishResult {

    /** What happens to the message. */
    public enum Action { CONTINUE, STOP, FAIL }

    private static final PublishResult CONTINUE = new PublishResult(Action.CONTINUE, null, 0);
    private static final PublishResult STOP = new PublishResult(Action.STOP, null, 0);
    private static final CompletionStage<PublishResult> CONTINUE_STAGE = CompletableFuture.completedFuture(CONTINUE);
    private static final CompletionStage<PublishResult> STOP_STAGE = CompletableFuture.completedFuture(STOP);

    private final Action action;
    private final Message message;
    private final int reasonCode;

    private PublishResult(Action action, Message message, int reasonCode) {
        this.action = action;
        this.message = message;
        this.reasonCode = reasonCode;
    }

    /** Pass the message on unchanged. Already completed, allocation-free. */
    public static CompletionStage<PublishResult> proceed() {
        return CONTINUE_STAGE;
    }

    /** Pass {@code changed} on instead of the original message. */
    public static CompletionStage<PublishResult> proceedWith(Message changed) {
        return CompletableFuture.completedFuture(new PublishResult(Action.CONTINUE, Objects.requireNonNull(changed), 0));
    }

    /** Acknowledge the publisher but do not route the message. */
    public static CompletionStage<PublishResult> stop() {
        return STOP_STAGE;
    }

    /**
     * Refuse the message: MQTT 5 publishers get {@code reasonCode} in their PUBACK/PUBREC (e.g. 0x80 Unspecified
     * error, 0x97 Quota exceeded); MQTT 3.1.x publishers get no acknowledgement, so they send it again.
     */
    public static PublishResult fail(int reasonCode) {
        if (reasonCode < 0x80) {
            throw new IllegalArgumentException("a failure reason code is 0x80 or above: " + reasonCode);
        }
        return new PublishResult(Action.FAIL, null, reasonCode);
    }

    /** This result as an already-completed stage. */
    public CompletionStage<PublishResult> stage() {
        return CompletableFuture.completedFuture(this);
    }

    public Action action() {
        return action;
    }

    /** The replacement message, or {@code null} to keep the current one. */
    public Message message() {
        return message;
    }

    public int reasonCode() {
        return reasonCode;
    }
}
