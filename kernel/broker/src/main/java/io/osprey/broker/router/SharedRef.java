package io.osprey.broker.router;

/**
 * Identifies the shared subscription a delivery came through ({@code $share/<group>/<filter>}), so that a message a
 * leaving member did not acknowledge can be re-dispatched to another member of the same group.
 */
public record SharedRef(String group, String filter) {
}
