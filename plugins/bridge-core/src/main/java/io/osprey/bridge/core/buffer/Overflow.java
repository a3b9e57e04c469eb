package io.osprey.bridge.core.buffer;

/**
 * What the disk buffer gives up when it is full ({@code buffer.overflow}): {@code drop_oldest} deletes the oldest
 * segment of records not yet handed to the remote side, {@code drop_newest} refuses the record being added. Either way the
 * drop is counted per rule and logged.
 */
public enum Overflow {
    DROP_OLDEST, DROP_NEWEST
}
