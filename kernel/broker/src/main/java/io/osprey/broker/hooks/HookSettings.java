package io.osprey.broker.hooks;

import java.time.Duration;
import java.util.Map;

import io.osprey.api.config.ConfigReader;

/**
 * How the kernel treats slow and failing hooks: the longest an asynchronous hook may take, what a timeout means at
 * each async hook point, the time above which a single call is logged as slow, and what an exception means at the
 * points that guard access.
 *
 * @param timeout                  longest wait for one asynchronous hook ({@code hook.timeout})
 * @param slowThreshold            a call taking longer is logged with the plugin's name ({@code hook.slow_threshold})
 * @param connectTimeoutRejects    {@code hook.client.connect.on_timeout = reject|proceed}
 * @param authTimeoutDenies        {@code hook.client.authenticate.on_timeout = deny|ignore}
 * @param aclTimeoutDenies         {@code hook.client.check_acl.on_timeout = deny|ignore}
 * @param publishTimeoutFails      {@code hook.message.publish.on_timeout = fail|proceed}
 * @param authErrorDenies          {@code hook.client.authenticate.on_error = deny|ignore}: an authenticator that
 *                                 throws refuses the client (fail closed) or counts as no opinion
 * @param aclErrorDenies           {@code hook.client.check_acl.on_error = deny|ignore}
 * @param pluginErrorDenies        {@code hook.on_error.<plugin> = deny|ignore}: the same for one plugin's
 *                                 authentication and ACL hooks, by plugin name normalized with
 *                                 {@link ConfigReader#normalize}
 */
public record HookSettings(Duration timeout, Duration slowThreshold, boolean connectTimeoutRejects,
                           boolean authTimeoutDenies, boolean aclTimeoutDenies, boolean publishTimeoutFails,
                           boolean authErrorDenies, boolean aclErrorDenies, Map<String, Boolean> pluginErrorDenies) {

    public static final HookSettings DEFAULTS = new HookSettings(Duration.ofSeconds(10), Duration.ofMillis(100),
            false, true, true, true, true, true, Map.of());

    /** Does a failing {@code client.authenticate} hook of {@code plugin} refuse the client? */
    public boolean authErrorDenies(String plugin) {
        return pluginErrorDenies.getOrDefault(ConfigReader.normalize(plugin), authErrorDenies);
    }

    /** Does a failing {@code client.check_acl} hook of {@code plugin} deny? */
    public boolean aclErrorDenies(String plugin) {
        return pluginErrorDenies.getOrDefault(ConfigReader.normalize(plugin), aclErrorDenies);
    }
}
