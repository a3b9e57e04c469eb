package io.osprey.api.service;

/** A command failed, or was called wrongly; the message is shown to the admin as is. */
public class CommandException extends Exception {

    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message);
    }
}
