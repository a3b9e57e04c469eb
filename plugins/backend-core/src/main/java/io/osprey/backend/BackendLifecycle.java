package io.osprey.backend;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.osprey.api.config.ConfigException;
import io.osprey.api.service.ClientService;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.backend.status.StatusCommand;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a backend's Declarative Services component does, shared: parse {@code etc/osprey.backend.<db>.cfg}, start or
 * reconfigure the {@link Backend}, register its hooks at the points that have rules (plus authentication and ACL
 * when configured), answer {@code ctl <plugin> status}, and on deactivation unregister, flush and close. A bad file
 * is logged with file, key, value and expectation, and the running configuration stays.
 *
 * @param <S> the backend's settings
 * @param <B> the backend
 */
public final class BackendLifecycle<S, B extends Backend<S>> {

    private static final Logger LOG = LoggerFactory.getLogger(BackendLifecycle.class);

    /** Reads settings from ConfigAdmin's properties. */
    @FunctionalInterface
    public interface Parser<S> {
        S parse(Map<String, Object> config) throws ConfigException;
    }

    private final String plugin;
    private final Parser<S> parser;
    private final Function<S, B> factory;
    private final ClientService clients;
    private final HookRegistrations registrations;
    private final StatusCommand command;
    private volatile B backend;
    private volatile String problem;

    /**
     * @param factory starts a backend from a first good snapshot
     */
    public BackendLifecycle(String plugin, String statusKey, String server, BundleContext context, Parser<S> parser,
                            Function<S, B> factory, ClientService clients) {
        this.plugin = plugin;
        this.parser = parser;
        this.factory = factory;
        this.clients = clients;
        this.registrations = new HookRegistrations(context);
        this.command = new StatusCommand(plugin, statusKey, server);
    }

    /** A new or edited configuration file. */
    public synchronized void configure(Map<String, Object> config) {
        S next;
        try {
            next = parser.parse(config);
        } catch (ConfigException e) {
            problem = "bad configuration: " + e.getMessage();
            LOG.error("Bad configuration value {}; {}", e.getMessage(), backend == null
                    ? plugin + " stays off until the file is fixed" : "keeping the previous configuration");
            return;
        }
        try {
            if (backend == null) {
                backend = factory.apply(next);
            } else {
                backend.reconfigure(next);
            }
            problem = null;
        } catch (RuntimeException e) {
            problem = e.getMessage();
            LOG.error("{}: cannot apply the configuration: {}", plugin, e.getMessage());
            return;
        }
        B b = backend;
        registrations.register(b.hooks().points(), b.hooks(), b.authEnabled() ? b.authenticator() : null,
                b.aclEnabled() ? b.acl() : null);
        clients.clearAclCache(); // decisions from the previous ACL settings must not linger
    }

    /** The plugin stops: hooks go first, then the queue is flushed and the connections closed. */
    public synchronized void stop() {
        registrations.unregister();
        if (backend != null) {
            backend.close();
            backend = null;
        }
        clients.clearAclCache();
    }

    public StatusCommand command() {
        return command;
    }

    /** {@code ctl <plugin> status}. */
    public CommandResult execute(List<String> args) throws CommandException {
        B b = backend;
        return command.execute(args, () -> b == null ? null : b.status(), () -> problem);
    }
}
