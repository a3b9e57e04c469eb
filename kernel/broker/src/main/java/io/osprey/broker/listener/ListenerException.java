package io.osprey.broker.listener;

/** A listener could not start; the message is the one-line cause admins read in the console. */
public class ListenerException extends Exception {

    private static final long serialVersionUID = 1L;

    public ListenerException(String message, Throwable cause) {
        super(message, cause);
    }
}
