package io.osprey.broker.session;

import io.netty.channel.EventLoop;
import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;

/**
 * The connection as a session sees it: where to write, how much the client accepts. Implemented by the channel's
 * connection; every method is called on the connection's event loop.
 */
public interface Outlet {

    EventLoop eventLoop();

    ClientInfo client();

    /** The socket accepts more data now (Netty writability: a slow consumer is not fed faster than it reads). */
    boolean isWritable();

    /**
     * The socket is still open. It can close a moment before the session hears of it (the detach is a task on the
     * session's thread): meanwhile the session treats the client as offline.
     */
    boolean isOpen();

    /** MQTT 5 Receive Maximum of the client (65535 for 3.1.x). */
    int clientReceiveMaximum();

    /**
     * Encodes a PUBLISH into the connection's outgoing buffer (written at the next flush).
     *
     * @return {@code false} if the packet would exceed the client's Maximum Packet Size (nothing written)
     */
    boolean sendPublish(Message message, int qos, int packetId, boolean dup, boolean retain,
                        SubscriptionOptions options);

    void sendPubrel(int packetId);

    /** Writes and flushes what was encoded since the last flush. */
    void flush();

    /** Forgets the connection's cached ACL decisions (the rules changed). Safe to call from any thread. */
    void clearAclCache();

    /** Closes the connection because its session was taken over or discarded ({@code reason} for the log/hooks). */
    void closeForSession(String reason, int v5ReasonCode);
}
