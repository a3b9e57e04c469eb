package io.osprey.backend;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ClientCheckAcl;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * A backend's hook services in OSGi: its {@code BackendHooks} registered at the points that have rules, plus
 * {@code client.authenticate} and {@code client.check_acl} when those are configured, all at ranking 0 (before
 * {@code acl-file} and {@code auth-file}, like EMQX's database modules). Registering again with the same set is a
 * no-op, so an edited file that keeps the points keeps the services (and the broker's hook order).
 */
public final class HookRegistrations {

    private final BundleContext context;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private List<String> registered = List.of();

    public HookRegistrations(BundleContext context) {
        this.context = context;
    }

    /**
     * @param hookTypes     the interfaces (class names) the hooks object serves
     * @param authenticator the authenticator, or {@code null} when authentication is off
     * @param acl           the ACL check, or {@code null} when it is off
     */
    public synchronized void register(List<String> hookTypes, Object hooks, ClientAuthenticate authenticator,
                                      ClientCheckAcl acl) {
        List<String> wanted = new ArrayList<>(hookTypes);
        if (authenticator != null) {
            wanted.add(ClientAuthenticate.class.getName());
        }
        if (acl != null) {
            wanted.add(ClientCheckAcl.class.getName());
        }
        if (wanted.equals(registered)) {
            return;
        }
        unregister();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, 0);
        if (!hookTypes.isEmpty()) {
            registrations.add(context.registerService(hookTypes.toArray(String[]::new), hooks, props));
        }
        if (authenticator != null) {
            registrations.add(context.registerService(ClientAuthenticate.class, authenticator, props));
        }
        if (acl != null) {
            registrations.add(context.registerService(ClientCheckAcl.class, acl, props));
        }
        registered = wanted;
    }

    public synchronized void unregister() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        registered = List.of();
    }
}
