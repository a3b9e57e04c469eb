package io.osprey.broker.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.listener.AccessRules;
import io.osprey.broker.listener.AddressRange;

/**
 * An immutable snapshot of one listener's factory configuration, {@code etc/osprey.listener-<name>.cfg}. Keys follow
 * EMQX 4's listener zone settings. Changing {@code bind} (or the transport) rebinds the listener; everything else
 * applies to new connections.
 *
 * @param name          the listener name: the part of the file name after {@code listener-}
 * @param type          {@code tcp}, {@code ssl}, {@code ws} or {@code wss}
 * @param maxConnRate   new connections accepted per second (0: no limit); the excess is closed before CONNECT
 * @param rateLimit     bytes per second a connection may send (0: no limit), with {@code rateBurst}
 * @param messagesRate  PUBLISH packets per second a connection may send (0: no limit)
 * @param sendTimeout   a client whose socket does not drain for this long is disconnected (0: never)
 * @param proxyProtocolTrusted the only peers whose PROXY headers are believed (the load balancers); a connection
 *                      from any other address is closed before anything is read from it
 * @param bridges       clients that set the bridge bit in CONNECT are bridges (otherwise only an authenticator can
 *                      make a client a bridge)
 */
public record ListenerSettings(String name, String type, InetSocketAddress bind, int maxConnections,
                               int maxConnRate, int backlog, boolean tcpNoDelay, int sndbuf, int recbuf,
                               boolean tcpKeepAlive, boolean proxyProtocol, Duration proxyProtocolTimeout,
                               List<AddressRange> proxyProtocolTrusted, boolean bridges, long rateLimit, long rateBurst, int messagesRate, AccessRules access,
                               Duration sendTimeout, String wsPath, int wsMaxFrameSize, Tls tls) {

    /**
     * TLS options of {@code ssl} and {@code wss} listeners (EMQX names). Paths are relative to the node's home.
     *
     * @param keyfile     PEM private key (PKCS#8), or a PKCS#12 keystore ({@code .p12}/{@code .pfx}) holding key
     *                    and chain
     * @param certfile    PEM certificate chain (unused with PKCS#12)
     * @param cacertfile  PEM CA certificates that client certificates must chain to
     * @param verifyPeer  {@code verify = verify_peer}: ask for a client certificate
     * @param failIfNoPeerCert refuse clients without a certificate (with verify_peer)
     * @param peerCertAsUsername {@code off}, {@code cn} or {@code dn}
     * @param peerCertAsClientId {@code off}, {@code cn} or {@code dn}
     * @param provider    {@code auto} (OpenSSL when available), {@code openssl} or {@code jdk}
     */
    public record Tls(Path keyfile, Path certfile, Path cacertfile, String password, List<String> versions,
                      List<String> ciphers, boolean reuseSessions, boolean verifyPeer, boolean failIfNoPeerCert,
                      String peerCertAsUsername, String peerCertAsClientId, String provider,
                      Duration handshakeTimeout) {
    }

    public static ListenerSettings read(ConfigReader r, String defaultName) {
        return read(r, defaultName, Path.of(System.getProperty("osprey.home", ".")));
    }

    public static ListenerSettings read(ConfigReader r, String defaultName, Path home) {
        String name = r.string("name", r.name().startsWith("listener-") ? r.name().substring(9) : defaultName);
        String type = r.oneOf("type", defaultType(name), "tcp", "ssl", "ws", "wss");
        String rate = r.string("rate_limit", "");
        long rateLimit = 0;
        long rateBurst = 0;
        if (!rate.isBlank()) {
            String[] parts = rate.split(",");
            rateLimit = ConfigReader.parseBytes(parts[0].trim());
            rateBurst = parts.length > 1 ? ConfigReader.parseBytes(parts[1].trim()) : rateLimit;
            if (rateLimit <= 0 || rateBurst <= 0 || parts.length > 2) {
                r.error("rate_limit", rate, "<bytes per second>,<burst bytes>, such as 1024,4096 or 100KB,1MB");
                rateLimit = 0;
                rateBurst = 0;
            }
        }
        List<AddressRange> trusted = List.of();
        String trustedText = r.string("proxy_protocol_trusted", "127.0.0.1, ::1");
        try {
            trusted = AddressRange.parseList(trustedText);
        } catch (IllegalArgumentException e) {
            r.error("proxy_protocol_trusted", trustedText, "a comma-separated list of IP addresses or CIDR ranges"
                    + " of the load balancers, such as 10.0.0.0/8, 192.168.1.10");
        }
        AccessRules access = AccessRules.ALLOW_ALL;
        try {
            access = AccessRules.parse(r.group("access."));
        } catch (IllegalArgumentException e) {
            r.error("access", e.getMessage(), "access.<n> = allow|deny all|<address>|<CIDR>");
        }
        Tls tls = null;
        if (type.equals("ssl") || type.equals("wss")) {
            tls = new Tls(
                    path(home, r.string("keyfile", "etc/certs/key.pem")),
                    path(home, r.string("certfile", "etc/certs/cert.pem")),
                    r.has("cacertfile") ? path(home, r.string("cacertfile", "")) : null,
                    r.string("password", ""),
                    r.list("tls_versions", "tlsv1.3,tlsv1.2"),
                    r.list("ciphers", ""),
                    r.bool("reuse_sessions", true),
                    r.oneOf("verify", "verify_none", "verify_none", "verify_peer").equals("verify_peer"),
                    r.bool("fail_if_no_peer_cert", false),
                    r.oneOf("peer_cert_as_username", "off", "off", "cn", "dn"),
                    r.oneOf("peer_cert_as_clientid", "off", "off", "cn", "dn"),
                    r.oneOf("ssl_provider", "auto", "auto", "openssl", "jdk"),
                    r.duration("handshake_timeout", "15s"));
        }
        return new ListenerSettings(
                name,
                type,
                r.hostPort("bind", defaultBind(type)),
                r.integer("max_connections", 1_024_000, 1, Integer.MAX_VALUE),
                r.integer("max_conn_rate", 0, 0, Integer.MAX_VALUE),
                r.integer("backlog", 1024, 1, 65535),
                r.bool("tcp_nodelay", true),
                (int) r.bytes("sndbuf", "0", 0, Integer.MAX_VALUE),
                (int) r.bytes("recbuf", "0", 0, Integer.MAX_VALUE),
                r.bool("tcp_keepalive", false),
                r.bool("proxy_protocol", false),
                r.duration("proxy_protocol_timeout", "3s"),
                trusted,
                r.bool("bridges", false),
                rateLimit,
                rateBurst,
                r.integer("messages_rate", 0, 0, Integer.MAX_VALUE),
                access,
                r.duration("send_timeout", "15s"),
                r.string("path", "/mqtt"),
                (int) r.bytes("max_frame_size", "1MB", 1024, 268_435_456),
                tls);
    }

    private static String defaultType(String name) {
        return switch (name) {
            case "ssl" -> "ssl";
            case "ws" -> "ws";
            case "wss" -> "wss";
            default -> "tcp";
        };
    }

    private static String defaultBind(String type) {
        return switch (type) {
            case "ssl" -> "0.0.0.0:8883";
            case "ws" -> "0.0.0.0:8083";
            case "wss" -> "0.0.0.0:8084";
            default -> "0.0.0.0:1883";
        };
    }

    private static Path path(Path home, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : home.resolve(path).normalize();
    }

    public boolean isTls() {
        return tls != null;
    }

    public boolean isWebSocket() {
        return type.equals("ws") || type.equals("wss");
    }

    /** Where the listener is bound, as printed in logs: {@code 0.0.0.0:1883}. */
    public String bindText() {
        String host = bind.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + bind.getPort();
    }
}
