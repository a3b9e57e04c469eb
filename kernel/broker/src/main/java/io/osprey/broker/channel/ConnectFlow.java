package io.osprey.broker.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.osprey.api.ClientInfo;
import io.osprey.api.ConnectReason;
import io.osprey.api.Message;
import io.osprey.api.UserProperty;
import io.osprey.api.hook.AuthResult;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.api.hook.ConnectResult;
import io.osprey.broker.codec.MqttFrameDecoder;
import io.osprey.broker.codec.MqttProtocolException;
import io.osprey.broker.codec.Properties5;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.router.Topics;
import io.osprey.broker.session.SessionRegistry;
import io.osprey.broker.session.Will;

/**
 * CONNECT → CONNACK, in steps: validate the packet; {@code client.connect} hooks; {@code client.authenticate} hooks
 * and {@code allow_anonymous}; find or create the session (taking over another connection if needed); CONNACK;
 * {@code client.connected}. Any step may wait for an asynchronous hook: the connection stops reading meanwhile.
 * Also the DISCONNECT from the client and malformed packets, which end connections.
 */
final class ConnectFlow {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectFlow.class);

    /** Netty's codec keeps the negotiated protocol version under this channel attribute. */
    private static final AttributeKey<MqttVersion> NETTY_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private ConnectFlow() {
    }

    static void connect(MqttConnection c, MqttConnectMessage m) {
        c.metrics.inc(Metric.PACKETS_CONNECT_RECEIVED);
        c.metrics.inc(Metric.CLIENT_CONNECT);
        c.state = MqttConnection.State.CONNECTING;
        BrokerSettings s = c.settings;
        MqttConnectVariableHeader vh = m.variableHeader();
        MqttConnectPayload p = m.payload();
        c.protocolVersion = vh.version();
        c.bridgeRequested = Boolean.TRUE.equals(c.ctx.channel().attr(MqttFrameDecoder.BRIDGE).get());
        c.cleanStart = vh.isCleanSession();
        c.keepAlive = vh.keepAliveTimeSeconds();
        c.username = p.userName();
        boolean v5 = c.protocolVersion >= 5;
        io.osprey.broker.config.ListenerSettings.Tls tls = c.listener.settings().tls();
        String fromCert = null;
        if (tls != null && !tls.peerCertAsUsername().equals("off")) {
            fromCert = tls.peerCertAsUsername().equals("cn") ? c.peerCertCommonName : c.peerCertDn;
            if (fromCert != null) {
                c.username = fromCert; // the verified certificate names the user, whatever CONNECT says
            }
        }
        MqttProperties props = vh.properties();
        c.connectProperties = props;
        if (v5 && s.serverKeepAlive() > 0 && (c.keepAlive == 0 || c.keepAlive > s.serverKeepAlive())) {
            c.serverKeepAlive = s.serverKeepAlive(); // announced in CONNACK, and enforced instead of the client's
        }

        // flags: will QoS/retain only with a will [MQTT-3.1.2-11, -13, -15]; password needs a user name in 3.1.1
        if (vh.willQos() == 3 || (!vh.isWillFlag() && (vh.willQos() != 0 || vh.isWillRetain()))) {
            refuse(c, ConnectReason.MALFORMED_PACKET, ShutdownReason.PROTOCOL_ERROR, "invalid will flags");
            return;
        }
        if (!v5 && vh.hasPassword() && !vh.hasUserName()) {
            refuse(c, ConnectReason.PROTOCOL_ERROR, ShutdownReason.PROTOCOL_ERROR, "password without user name");
            return;
        }

        long expiry;
        if (v5) {
            Integer receiveMax = Properties5.integer(props, MqttProperties.RECEIVE_MAXIMUM);
            Integer maxPacket = Properties5.integer(props, MqttProperties.MAXIMUM_PACKET_SIZE);
            if ((receiveMax != null && receiveMax == 0) || (maxPacket != null && maxPacket == 0)) {
                refuse(c, ConnectReason.PROTOCOL_ERROR, ShutdownReason.PROTOCOL_ERROR,
                        "Receive Maximum or Maximum Packet Size of 0");
                return;
            }
            if (Properties5.string(props, MqttProperties.AUTHENTICATION_METHOD) != null) {
                refuse(c, ConnectReason.BAD_AUTHENTICATION_METHOD, ShutdownReason.CONNECT_REFUSED,
                        "enhanced authentication is not supported");
                return;
            }
            c.clientReceiveMaximum = receiveMax == null ? 65535 : receiveMax;
            c.clientMaxPacketSize = maxPacket == null ? Integer.MAX_VALUE
                    : (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(maxPacket));
            Integer aliasMax = Properties5.integer(props, MqttProperties.TOPIC_ALIAS_MAXIMUM);
            c.clientTopicAliasMaximum = aliasMax == null ? 0 : aliasMax;
            Integer problem = Properties5.integer(props, MqttProperties.REQUEST_PROBLEM_INFORMATION);
            c.requestProblemInformation = problem == null || problem != 0;
            Integer exp = Properties5.integer(props, MqttProperties.SESSION_EXPIRY_INTERVAL);
            expiry = exp == null ? 0 : Integer.toUnsignedLong(exp);
        } else {
            expiry = c.cleanStart ? 0 : s.sessionExpiryInterval().toSeconds();
        }
        if (s.maxSessionExpiryInterval() > 0 && expiry > s.maxSessionExpiryInterval()) {
            expiry = s.maxSessionExpiryInterval();
        }

        // client identifier
        String clientId = p.clientIdentifier();
        if (tls != null && !tls.peerCertAsClientId().equals("off")) {
            String id = tls.peerCertAsClientId().equals("cn") ? c.peerCertCommonName : c.peerCertDn;
            if (id != null) {
                clientId = id;
            }
        }
        boolean assigned = false;
        if (clientId == null || clientId.isEmpty()) {
            if (!v5 && !c.cleanStart) {
                // a 3.1.1 client with an empty id must ask for a clean session [MQTT-3.1.3-8]
                refuse(c, ConnectReason.CLIENT_IDENTIFIER_NOT_VALID, ShutdownReason.CONNECT_REFUSED,
                        "empty client id without clean session");
                return;
            }
            clientId = "osprey-" + UUID.randomUUID().toString().replace("-", "");
            assigned = v5;
        } else if (clientId.length() > s.maxClientIdLength()) {
            refuse(c, ConnectReason.CLIENT_IDENTIFIER_NOT_VALID, ShutdownReason.CONNECT_REFUSED,
                    "client id longer than max_clientid_len");
            return;
        }
        c.clientId = clientId;

        // will
        if (vh.isWillFlag()) {
            String topic = p.willTopic();
            if (topic == null || !Topics.isValidName(topic)) {
                refuse(c, ConnectReason.TOPIC_NAME_INVALID, ShutdownReason.PROTOCOL_ERROR, "invalid will topic");
                return;
            }
            if (vh.willQos() > s.maxQosAllowed()) {
                refuse(c, ConnectReason.QOS_NOT_SUPPORTED, ShutdownReason.CONNECT_REFUSED,
                        "will QoS above max_qos_allowed");
                return;
            }
            if (vh.isWillRetain() && !s.retainAvailable()) {
                refuse(c, ConnectReason.RETAIN_NOT_SUPPORTED, ShutdownReason.CONNECT_REFUSED,
                        "retained will while retain_available is off");
                return;
            }
            MqttProperties wp = p.willProperties();
            Message will = Message.builder(topic).id(c.broker.nextMessageId()).payload(p.willMessageInBytes())
                    .qos(vh.willQos()).retain(vh.isWillRetain()).from(clientId, c.username)
                    .properties(Properties5.messageProperties(wp)).build();
            Integer delay = v5 ? Properties5.integer(wp, MqttProperties.WILL_DELAY_INTERVAL) : null;
            c.will = new Will(will, delay == null ? 0 : Integer.toUnsignedLong(delay));
        }

        io.osprey.broker.banned.Ban ban = c.broker.bans().check(clientId, c.username, c.peerHost);
        if (ban != null) {
            // 5.0: 0x8A Banned; 3.1.1: 0x05 Not authorized
            refuse(c, ConnectReason.BANNED, ShutdownReason.BANNED, "banned as " + ban.as() + " " + ban.who()
                    + " (" + ban.reason() + ")");
            return;
        }
        Request request = new Request(c, p.passwordInBytes(), v5 ? Properties5.userProperties(props) : List.of(),
                c.broker.sessions().get(clientId) != null);
        long expiryInterval = expiry;
        boolean assignedId = assigned;
        await(c, c.broker.hooks().clientConnect(request, c.eventLoop()), result -> {
            if (result.isRejected()) {
                refuse(c, result.reason(), ShutdownReason.CONNECT_REFUSED, result.reasonString());
                return;
            }
            authenticate(c, request, expiryInterval, assignedId);
        });
    }

    private static void authenticate(MqttConnection c, Request request, long expiry, boolean assignedId) {
        c.metrics.inc(Metric.CLIENT_AUTHENTICATE);
        CompletableFuture<AuthResult> auth = c.broker.hooks().clientAuthenticate.isEmpty()
                ? CompletableFuture.completedFuture(AuthResult.of(AuthResult.Decision.IGNORE, false))
                : c.broker.hooks().clientAuthenticate(request, c.eventLoop());
        await(c, auth, r -> {
            switch (r.decision()) {
                case ALLOW -> {
                    c.superuser = r.isSuperuser();
                    c.bridge = r.isBridge(); // MQTT 5 bridges have no bridge bit: the authenticator's word counts
                }
                case DENY -> {
                    c.metrics.inc(Metric.PACKETS_CONNACK_AUTH_ERROR);
                    ConnectReason reason = r.denyReason() == null ? ConnectReason.BAD_USERNAME_OR_PASSWORD
                            : r.denyReason();
                    refuse(c, reason, reason == ConnectReason.BANNED ? ShutdownReason.BANNED
                            : ShutdownReason.NOT_AUTHORIZED, "authentication denied");
                    return;
                }
                default -> {
                    if (!c.settings.allowAnonymous()) {
                        c.metrics.inc(Metric.PACKETS_CONNACK_AUTH_ERROR);
                        // 3.1.1: 0x05 Not authorized; 5.0: 0x86 Bad user name or password
                        refuse(c, c.protocolVersion >= 5 ? 0x86 : 0x05, ShutdownReason.NOT_AUTHORIZED,
                                "no authenticator accepted the client and allow_anonymous is off");
                        return;
                    }
                    c.metrics.inc(Metric.CLIENT_AUTH_ANONYMOUS);
                }
            }
            BridgeGrant.decide(c);
            WillCheck.check(c, () -> openSession(c, expiry, assignedId));
        });
    }

    private static void openSession(MqttConnection c, long expiry, boolean assignedId) {
        SessionRegistry registry = c.broker.sessions();
        CompletableFuture<SessionRegistry.OpenResult> open = registry.open(c, c.cleanStart, expiry);
        boolean waits = !open.isDone();
        if (waits) {
            c.suspend();
        }
        open.whenCompleteAsync((opened, error) -> {
            if (error != null) {
                LOG.warn("Session of client {} could not be opened", c.clientId, error);
                refuse(c, ConnectReason.SERVER_UNAVAILABLE, ShutdownReason.CONNECT_REFUSED,
                        "session could not be opened");
                return;
            }
            c.session = opened.session();
            if (!c.ctx.channel().isActive() || c.state == MqttConnection.State.CLOSED) {
                // the client went away while its session was being handed over: give the session back
                registry.closed(opened.session(), c, c.will, ShutdownReason.CLOSED.label(), false);
                return;
            }
            c.connectedAt = System.currentTimeMillis();
            c.state = MqttConnection.State.CONNECTED;
            sendConnack(c, opened.present(), expiry, assignedId);
            installKeepAlive(c);
            if (opened.present()) {
                c.broker.hooks().sessionResumed(c);
            } else {
                c.broker.hooks().sessionCreated(c);
            }
            c.metrics.inc(Metric.CLIENT_CONNECTED);
            c.broker.hooks().clientConnected(c);
            c.broker.sys().clientConnected(c);
            c.session.start();
            c.flush();
            if (waits) {
                c.resume();
            }
        }, waits ? c.eventLoop() : Runnable::run);
    }

    private static void sendConnack(MqttConnection c, boolean present, long expiry, boolean assignedId) {
        BrokerSettings s = c.settings;
        List<UserProperty> extra = new ArrayList<>();
        c.broker.hooks().clientConnack(c, 0, extra);
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (c.protocolVersion >= 5) {
            props = new MqttProperties();
            props.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, s.receiveMaximum()));
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, s.maxPacketSize()));
            if (s.maxTopicAlias() > 0) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, s.maxTopicAlias()));
            }
            if (s.maxQosAllowed() < 2) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_QOS, s.maxQosAllowed()));
            }
            if (!s.retainAvailable()) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 0));
            }
            if (!s.wildcardSubscription()) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 0));
            }
            if (!s.sharedSubscription()) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0));
            }
            if (assignedId) {
                props.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, c.clientId));
            }
            Integer asked = Properties5.integer(requestProps(c), MqttProperties.SESSION_EXPIRY_INTERVAL);
            if (asked != null && Integer.toUnsignedLong(asked) != expiry) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) expiry));
            }
            Integer wantsInfo = Properties5.integer(requestProps(c), MqttProperties.REQUEST_RESPONSE_INFORMATION);
            if (wantsInfo != null && wantsInfo == 1 && !s.responseInformation().isEmpty()) {
                // the base of response topics for request/response, per client
                props.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_INFORMATION,
                        s.responseInformation().replace("${clientid}", c.clientId)));
            }
            if (c.serverKeepAlive >= 0) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, c.serverKeepAlive));
            }
            Properties5.addUserProperties(props, extra);
        }
        MqttConnAckMessage ack = MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(present).properties(props).build();
        c.writeObject(ack);
        c.metrics.inc(Metric.PACKETS_CONNACK_SENT);
        c.metrics.inc(Metric.CLIENT_CONNACK);
    }

    private static MqttProperties requestProps(MqttConnection c) {
        return c.connectProperties == null ? MqttProperties.NO_PROPERTIES : c.connectProperties;
    }

    /** Keep alive: the connection is closed after 1.5 × the interval without a packet [MQTT-3.1.2-24]. */
    private static void installKeepAlive(MqttConnection c) {
        int keepAlive = c.serverKeepAlive >= 0 ? c.serverKeepAlive : c.keepAlive;
        if (keepAlive > 0) {
            long millis = keepAlive * 1500L;
            c.ctx.pipeline().addBefore(c.ctx.name(), "keepalive",
                    new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS));
        }
    }

    /** Refuses the CONNECT with the CONNACK code of {@code reason} for the client's version, then closes. */
    static void refuse(MqttConnection c, ConnectReason reason, ShutdownReason shutdown, String why) {
        refuse(c, reason.codeFor(c.protocolVersion), shutdown, why);
    }

    static void refuse(MqttConnection c, int code, ShutdownReason shutdown, String why) {
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        // client.connack runs for every protocol version (webhooks report refused 3.1.1 clients too); only MQTT 5
        // can carry the user properties a hook adds
        List<UserProperty> extra = new ArrayList<>();
        c.broker.hooks().clientConnack(c, code, extra);
        if (c.protocolVersion >= 5) {
            props = new MqttProperties();
            if (why != null && c.requestProblemInformation) {
                props.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, why));
            }
            Properties5.addUserProperties(props, extra);
        }
        c.writeObject(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.valueOf((byte) code))
                .sessionPresent(false).properties(props).build());
        c.metrics.inc(Metric.PACKETS_CONNACK_SENT);
        c.metrics.inc(Metric.PACKETS_CONNACK_ERROR);
        c.close(shutdown, 0, why + " (CONNACK 0x" + Integer.toHexString(code) + ")");
    }

    /**
     * Continues with {@code then} once {@code future} completes: at once when it already has, otherwise on the
     * connection's thread with reads suspended meanwhile.
     */
    static <T> void await(MqttConnection c, CompletableFuture<T> future, java.util.function.Consumer<T> then) {
        if (future.isDone() && !future.isCompletedExceptionally()) {
            then.accept(future.join());
            return;
        }
        c.suspend();
        future.whenCompleteAsync((value, error) -> {
            if (error != null && c.state == MqttConnection.State.CONNECTING) {
                // a CONNACK, so that client.connack hooks (the license's reservation) see the refusal; the error's
                // text goes to the log, not to the client
                LOG.warn("CONNECT of client {} failed", c.clientId, error);
                refuse(c, ConnectReason.SERVER_UNAVAILABLE, ShutdownReason.CONNECT_REFUSED, "internal error");
            } else if (error != null) {
                LOG.warn("A step of client {} failed", c.clientId, error);
                c.close(ShutdownReason.CONNECT_REFUSED, 0x80, "internal error");
            } else if (c.state != MqttConnection.State.CLOSED) {
                then.accept(value);
            }
            c.resume();
        }, c.eventLoop());
    }

    // ---- DISCONNECT from the client ------------------------------------------------------------------------

    static void disconnect(MqttConnection c, MqttMessage m) {
        c.metrics.inc(Metric.PACKETS_DISCONNECT_RECEIVED);
        if (c.protocolVersion >= 5 && m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
            Integer exp = Properties5.integer(h.properties(), MqttProperties.SESSION_EXPIRY_INTERVAL);
            if (exp != null) {
                if (c.session.expiryIntervalSeconds() == 0 && exp != 0) {
                    // cannot turn a session that ends with the connection into a lasting one [MQTT-3.14.2-2]
                    c.close(ShutdownReason.PROTOCOL_ERROR, 0x82, "session expiry set in DISCONNECT after 0");
                    return;
                }
                c.broker.sessions().updateExpiry(c.session, Integer.toUnsignedLong(exp));
            }
            // 0x04 Disconnect with Will Message: a normal close that still publishes the will
            c.publishWillOnDisconnect = (h.reasonCode() & 0xFF) == 0x04;
        }
        if (c.shutdownReason == null) {
            c.shutdownReason = ShutdownReason.NORMAL;
        }
        c.flush();
        c.ctx.close();
    }

    // ---- malformed packets ---------------------------------------------------------------------------------

    /** A packet Netty could not decode: refuse the CONNECT with the right code, or close with Malformed Packet. */
    static void malformed(MqttConnection c, MqttMessage m) {
        c.metrics.inc(Metric.PACKETS_MALFORMED);
        Throwable cause = m.decoderResult().cause();
        MqttVersion version = c.ctx.channel().attr(NETTY_VERSION).get();
        if (version != null && c.state == MqttConnection.State.WAIT_CONNECT) {
            c.protocolVersion = version.protocolLevel();
        }
        String why = cause == null ? "malformed packet" : cause.getMessage();
        if (c.state == MqttConnection.State.WAIT_CONNECT) {
            if (cause instanceof MqttUnacceptableProtocolVersionException) {
                // unknown protocol name or level: 3.1.1 CONNACK 0x01 [MQTT-3.1.2-2]
                c.protocolVersion = 4;
                refuse(c, 0x01, ShutdownReason.PROTOCOL_ERROR, "unsupported protocol: " + why);
                return;
            }
            if (cause instanceof MqttIdentifierRejectedException) {
                refuse(c, ConnectReason.CLIENT_IDENTIFIER_NOT_VALID, ShutdownReason.PROTOCOL_ERROR,
                        "client id rejected");
                return;
            }
            if (version == MqttVersion.MQTT_5) {
                refuse(c, cause instanceof TooLongFrameException ? ConnectReason.PACKET_TOO_LARGE
                        : cause instanceof MqttProtocolException ? ConnectReason.PROTOCOL_ERROR
                        : ConnectReason.MALFORMED_PACKET, ShutdownReason.PROTOCOL_ERROR, why);
                return;
            }
            c.close(ShutdownReason.PROTOCOL_ERROR, 0, "malformed CONNECT: " + why);
            return;
        }
        int code = cause instanceof TooLongFrameException ? 0x95 : cause instanceof MqttProtocolException ? 0x82
                : 0x81;
        c.close(ShutdownReason.PROTOCOL_ERROR, code, "malformed " + typeOf(m) + ": " + why);
    }

    private static String typeOf(MqttMessage m) {
        MqttFixedHeader h = m.fixedHeader();
        return h == null ? "packet" : h.messageType().name();
    }

    static MqttMessage disconnectPacket(int reasonCode, String reasonString) {
        MqttProperties props = new MqttProperties();
        if (reasonString != null) {
            props.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reasonString));
        }
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, props));
    }

    /** What the connect and authenticate hooks see. */
    private record Request(MqttConnection connection, byte[] password, List<UserProperty> userProperties,
                           boolean hasExistingSession) implements ConnectRequest {
        @Override
        public ClientInfo client() {
            return connection;
        }
    }
}
