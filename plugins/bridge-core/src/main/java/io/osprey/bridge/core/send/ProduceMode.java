package io.osprey.bridge.core.send;

/**
 * When the publisher of a bridged message is acknowledged ({@code produce}).
 * <ul>
 * <li>{@code sync}: the PUBACK/PUBREC waits until the remote side acknowledged every record of the message (or
 * {@code produce.sync_timeout} passed: the publish then fails).</li>
 * <li>{@code async}: the publisher is acknowledged at once; records wait in the disk buffer until the remote side
 * takes them.</li>
 * </ul>
 * Only {@code message.publish} has an acknowledgement to hold; other events always go through the disk buffer.
 */
public enum ProduceMode {
    SYNC, ASYNC
}
