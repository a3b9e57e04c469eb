package io.osprey.broker.session;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.hooks.HookRegistry;
import io.osprey.broker.metrics.Metrics;
import io.osprey.broker.router.Router;
import io.osprey.broker.store.Store;

/**
 * What sessions need from the rest of the engine.
 *
 * @param publisher publishes a will: checks it against the ACL again, runs the message.publish hooks, routes it
 * @param store     where persistent sessions are kept (a {@code MemoryStore} keeps nothing)
 */
public record SessionServices(Router router, HookRegistry hooks, Metrics metrics, Supplier<BrokerSettings> settings,
                              Consumer<Will> publisher, Store store) {
}
