package io.osprey.backend;

import java.util.List;
import java.util.Map;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;

/**
 * The base of each backend's Declarative Services component: it is the {@code ctl <plugin>} command and hands the
 * configuration to a {@link BackendLifecycle}. The subclass carries the annotations (a component's lifecycle methods
 * are its own): its {@code @Activate} constructor builds the lifecycle, its {@code @Modified} and {@code @Deactivate}
 * methods call {@link #configure} and {@link #stop}.
 */
public abstract class BackendComponent<S, B extends Backend<S>> implements Command {

    private final BackendLifecycle<S, B> lifecycle;

    protected BackendComponent(BackendLifecycle<S, B> lifecycle, Map<String, Object> config) {
        this.lifecycle = lifecycle;
        lifecycle.configure(config);
    }

    /** An edited configuration file. */
    protected final void configure(Map<String, Object> config) {
        lifecycle.configure(config);
    }

    /** The plugin stops: hooks go, queued writes are flushed, connections closed. */
    protected final void stop() {
        lifecycle.stop();
    }

    @Override
    public String name() {
        return lifecycle.command().name();
    }

    @Override
    public List<String> usage() {
        return lifecycle.command().usage();
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        return lifecycle.execute(args);
    }
}
