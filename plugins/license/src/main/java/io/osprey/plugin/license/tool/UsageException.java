package io.osprey.plugin.license.tool;

/** The command line is wrong; the message says what, and the tool prints its usage after it (exit status 2). */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
