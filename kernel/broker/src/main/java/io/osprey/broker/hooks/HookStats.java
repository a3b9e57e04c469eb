package io.osprey.broker.hooks;

/** Counters of one plugin's hook at one point, as shown by {@code ctl plugins list --verbose} and the API. */
public record HookStats(String plugin, String hook, long calls, long errors, long timeouts, double totalMillis,
                        double maxMillis) {
}
