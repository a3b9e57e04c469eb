package io.osprey.api.service;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@code bin/osprey ctl} command, registered as an OSGi service (whiteboard). {@code ctl <name> <args…>} reaches
 * {@link #execute(List)} with the arguments after the name. The command disappears when its service is unregistered.
 * <p>
 * Commands run on a management thread, not an I/O thread: they may block briefly, but should answer within seconds.
 */
@ConsumerType
public interface Command {

    /** The word typed after {@code ctl}, e.g. {@code webhook}. Lower case, no spaces. */
    String name();

    /** One line per sub-command, e.g. {@code "webhook status        Show queue length and counters"}. */
    List<String> usage();

    /**
     * @param args the words after the command name (possibly empty)
     * @throws CommandException for bad arguments or a failure the admin should read; its message is printed and
     *                          {@code ctl} exits with status 1
     */
    CommandResult execute(List<String> args) throws CommandException;
}
