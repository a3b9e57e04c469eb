package io.osprey.broker.plugins;

/**
 * One plugin as {@code ctl plugins list} shows it.
 *
 * @param state  {@code loaded}, {@code unloaded} or {@code failed}
 * @param reason why it failed, or {@code null}
 * @param file   the jar in {@code plugins/}
 */
public record PluginInfo(String name, String version, String state, String description, String reason, String file) {
}
