package io.osprey.plugin.authfile;

/** A change to the password file was refused or failed; the message is for the admin, the file is unchanged. */
final class EditException extends Exception {

    private static final long serialVersionUID = 1L;

    EditException(String message) {
        super(message);
    }
}
