package io.osprey.launcher;

/** The node could not start; the message is the one-line cause printed on the console. */
public class NodeException extends Exception {

    private static final long serialVersionUID = 1L;

    public NodeException(String message) {
        super(message);
    }
}
