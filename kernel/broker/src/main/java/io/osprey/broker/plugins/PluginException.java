package io.osprey.broker.plugins;

/** A plugin operation failed; the message is for the admin. */
public class PluginException extends Exception {

    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }
}
