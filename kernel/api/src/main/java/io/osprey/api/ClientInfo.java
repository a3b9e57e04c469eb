package io.osprey.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the broker knows about one connected (or connecting) client: identity, connection and protocol facts.
 * <p>
 * The kernel implements this on its per-connection state, so reading it costs nothing; do not keep a reference after
 * the hook returns if you only need a value — copy the value. Values may change only while the client connects
 * (for example {@link #username()} set from a certificate, {@link #isSuperuser()} set by an authenticator).
 */
@ProviderType
public interface ClientInfo {

    /** The MQTT client identifier (assigned by the broker when the client sent an empty one). */
    String clientId();

    /** The user name from CONNECT (or from the peer certificate when the listener says so); {@code null} if none. */
    String username();

    /** The client's IP address as text; the real address behind a load balancer when PROXY protocol is on. */
    String peerHost();

    int peerPort();

    /** The name of the listener that accepted the connection, for example {@code tcp} or {@code ws}. */
    String listener();

    /** MQTT protocol level: 3 (3.1), 4 (3.1.1) or 5 (5.0). */
    int protocolVersion();

    /**
     * {@code true} for a bridge: an authenticator accepted the client as one
     * ({@link io.osprey.api.hook.AuthResult#allowBridge()}), or it set the bridge bit in CONNECT's protocol level
     * (0x80, as Mosquitto's 3.1.1 bridges send) on a listener with {@code bridges = on}. The bit alone grants nothing.
     * Valid once authentication is done.
     */
    boolean isBridge();

    /** Keep alive in seconds, as the client asked for it. */
    int keepAlive();

    /** Clean session (3.1.x) or Clean Start (5.0). */
    boolean cleanStart();

    /** Milliseconds since the epoch when the CONNECT was accepted; 0 before. */
    long connectedAt();

    /** {@code true} when an authenticator marked the client as superuser: ACL checks are skipped. */
    boolean isSuperuser();

    /** Common name of the verified TLS client certificate, or {@code null}. */
    String peerCertCommonName();

    /** Protocol name from CONNECT: {@code MQTT} or {@code MQIsdp}. */
    default String protocolName() {
        return protocolVersion() == 3 ? "MQIsdp" : "MQTT";
    }
}
