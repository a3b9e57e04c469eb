package io.osprey.broker.component;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.osprey.broker.hooks.HookRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks hook services (any service registered under an {@code io.osprey.api.hook} interface) and keeps the
 * {@link HookRegistry} in step: a plugin's hooks appear when its services register and vanish when they go.
 * A service's ranking is its {@code service.ranking}; its plugin name is its bundle's {@code Osprey-Plugin} header
 * (or symbolic name).
 */
final class HookWhiteboard extends ServiceTracker<Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(HookWhiteboard.class);

    private final HookRegistry hooks;

    HookWhiteboard(BundleContext context, HookRegistry hooks) {
        super(context, filter(context, hooks), null);
        this.hooks = hooks;
    }

    private static Filter filter(BundleContext context, HookRegistry hooks) {
        String any = hooks.hookTypes().stream().map(t -> "(" + Constants.OBJECTCLASS + "=" + t.getName() + ")")
                .collect(Collectors.joining("", "(|", ")"));
        try {
            return context.createFilter(any);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object addingService(ServiceReference<Object> ref) {
        Object service = context.getService(ref);
        if (service == null) {
            return null;
        }
        String plugin = pluginName(ref.getBundle());
        List<String> types = Arrays.asList((String[]) ref.getProperty(Constants.OBJECTCLASS));
        List<String> points = hooks.register(service, plugin, ranking(ref), types);
        LOG.info("Plugin {} hooked into {}", plugin, points);
        return service;
    }

    @Override
    public void modifiedService(ServiceReference<Object> ref, Object service) {
        hooks.unregister(service);
        List<String> types = Arrays.asList((String[]) ref.getProperty(Constants.OBJECTCLASS));
        hooks.register(service, pluginName(ref.getBundle()), ranking(ref), types);
    }

    @Override
    public void removedService(ServiceReference<Object> ref, Object service) {
        hooks.unregister(service);
        LOG.info("Plugin {} unhooked", pluginName(ref.getBundle()));
        context.ungetService(ref);
    }

    private static int ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r instanceof Integer i ? i : 0;
    }

    /** The name a bundle goes by in {@code ctl plugins}: its {@code Osprey-Plugin} header, else its symbolic name. */
    static String pluginName(Bundle b) {
        if (b == null) {
            return "unknown";
        }
        String name = b.getHeaders("").get("Osprey-Plugin");
        return name != null ? name.trim() : b.getSymbolicName();
    }
}
