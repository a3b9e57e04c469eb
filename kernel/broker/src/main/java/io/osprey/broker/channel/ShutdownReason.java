package io.osprey.broker.channel;

/**
 * Why a connection ended, as counted per listener ({@code shutdown_count}) and passed to
 * {@code client.disconnected}. The labels are what {@code ctl listeners} shows; README explains each.
 */
public enum ShutdownReason {
    /** The client sent DISCONNECT. */
    NORMAL("normal"),
    /** The TCP connection closed without DISCONNECT (client crash, network loss, NAT timeout). */
    CLOSED("closed"),
    /** Nothing arrived for 1.5 × the keep alive. */
    KEEPALIVE_TIMEOUT("keepalive_timeout"),
    /** No CONNECT arrived within {@code idle_timeout} of the TCP connection opening. */
    IDLE_TIMEOUT("idle_timeout"),
    /** A malformed or illegal packet. */
    PROTOCOL_ERROR("protocol_error"),
    /** The socket did not drain within {@code send_timeout}. */
    SEND_TIMEOUT("send_timeout"),
    /** A second CONNECT on the same connection. */
    DUPLICATE_CONNECT("duplicate_connect"),
    /** Another connection with the same client id took the session over. */
    TAKENOVER("takenover"),
    /** An admin kicked the client (ctl clients kick, HTTP API). */
    KICKED("kicked"),
    /** The client id, user name or address is banned. */
    BANNED("banned"),
    /** Authentication failed or the client was not authorized (CONNECT refused, or ACL deny with disconnect). */
    NOT_AUTHORIZED("not_authorized"),
    /** The client exceeded a rate limit or quota. */
    RATE_LIMITED("rate_limited"),
    /** The TLS handshake or record layer failed. */
    TLS_ERROR("tls_error"),
    /** The listener's {@code access} rules refused the client's address. */
    ACCESS_DENIED("access_denied"),
    /** A listener with {@code proxy_protocol = on} was reached by a peer not in {@code proxy_protocol_trusted}. */
    PROXY_UNTRUSTED("proxy_untrusted"),
    /** The listener already had {@code max_connections} connections. */
    MAX_CONNECTIONS("max_connections"),
    /** The connection was refused before or at CONNECT for another reason (quota, unsupported version…). */
    CONNECT_REFUSED("connect_refused"),
    /** The session was discarded by an admin. */
    DISCARDED("discarded"),
    /** The node or listener is shutting down. */
    SHUTDOWN("shutdown");

    private final String label;

    ShutdownReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ShutdownReason ofLabel(String label) {
        for (ShutdownReason r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        return CLOSED;
    }
}
