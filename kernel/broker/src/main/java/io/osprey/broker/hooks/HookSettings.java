package io.osprey.broker.hooks;

import java.time.Duration;

/**
 * How the kernel treats slow hooks: the longest an asynchronous hook may take, what a timeout means at each async
 * hook point, and the time above which a single call is logged as slow.
 *
 * @param timeout                  longest wait for one asynchronous hook ({@code hook.timeout})
 * @param slowThreshold            a call taking longer is logged with the plugin's name ({@code hook.slow_threshold})
 * @param connectTimeoutRejects    {@code hook.client.connect.on_timeout = reject|proceed}
 * @param authTimeoutDenies        {@code hook.client.authenticate.on_timeout = deny|ignore}
 * @param aclTimeoutDenies         {@code hook.client.check_acl.on_timeout = deny|ignore}
 * @param publishTimeoutFails      {@code hook.message.publish.on_timeout = fail|proceed}
 */
public record HookSettings(Duration timeout, Duration slowThreshold, boolean connectTimeoutRejects,
                           boolean authTimeoutDenies, boolean aclTimeoutDenies, boolean publishTimeoutFails) {

    public static final HookSettings DEFAULTS = new HookSettings(Duration.ofSeconds(10), Duration.ofMillis(100),
            false, true, true, true);
}
