package io.osprey.bridge.core.stats;

/**
 * A bridge's connection as an admin wants to see it: the state, the last error and when records last went through.
 * Written by the sink and the sender threads, read by status views.
 */
public final class LinkStatus {

    /** {@code connecting} until the first answer, then {@code connected} or {@code disconnected}. */
    public enum State { CONNECTING, CONNECTED, DISCONNECTED, STOPPED }

    private volatile State state = State.CONNECTING;
    private volatile String lastError;
    private volatile long lastErrorAt;
    private volatile long lastSentAt;

    public void sent() {
        lastSentAt = System.currentTimeMillis();
        if (state != State.CONNECTED && state != State.STOPPED) {
            state = State.CONNECTED;
        }
    }

    public void error(String message) {
        lastError = message;
        lastErrorAt = System.currentTimeMillis();
    }

    /** The sink reported whether it holds open connections. */
    public void connections(int count) {
        if (state == State.STOPPED) {
            return;
        }
        if (count > 0) {
            state = State.CONNECTED;
        } else if (state == State.CONNECTED || lastErrorAt > lastSentAt) {
            state = State.DISCONNECTED;
        }
    }

    public void stopped() {
        state = State.STOPPED;
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    public long lastErrorAt() {
        return lastErrorAt;
    }

    public long lastSentAt() {
        return lastSentAt;
    }
}
