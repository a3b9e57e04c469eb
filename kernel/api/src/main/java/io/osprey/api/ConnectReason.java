package io.osprey.api;

/**
 * Why a CONNECT is refused, with the CONNACK code each protocol version uses for it
 * (MQTT 5 reason codes, and the closest MQTT 3.1.1 return code).
 */
public enum ConnectReason {
    UNSPECIFIED_ERROR(0x80, 0x03),
    MALFORMED_PACKET(0x81, 0x03),
    PROTOCOL_ERROR(0x82, 0x03),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, 0x03),
    UNSUPPORTED_PROTOCOL_VERSION(0x84, 0x01),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, 0x02),
    BAD_USERNAME_OR_PASSWORD(0x86, 0x04),
    NOT_AUTHORIZED(0x87, 0x05),
    SERVER_UNAVAILABLE(0x88, 0x03),
    SERVER_BUSY(0x89, 0x03),
    BANNED(0x8A, 0x05),
    BAD_AUTHENTICATION_METHOD(0x8C, 0x05),
    TOPIC_NAME_INVALID(0x90, 0x03),
    PACKET_TOO_LARGE(0x95, 0x03),
    QUOTA_EXCEEDED(0x97, 0x03),
    PAYLOAD_FORMAT_INVALID(0x99, 0x03),
    RETAIN_NOT_SUPPORTED(0x9A, 0x03),
    QOS_NOT_SUPPORTED(0x9B, 0x03),
    USE_ANOTHER_SERVER(0x9C, 0x03),
    SERVER_MOVED(0x9D, 0x03),
    CONNECTION_RATE_EXCEEDED(0x9F, 0x03);

    private final int v5Code;
    private final int v3Code;

    ConnectReason(int v5Code, int v3Code) {
        this.v5Code = v5Code;
        this.v3Code = v3Code;
    }

    /** The MQTT 5 CONNACK reason code. */
    public int v5Code() {
        return v5Code;
    }

    /** The MQTT 3.1/3.1.1 CONNACK return code. */
    public int v3Code() {
        return v3Code;
    }

    /** The code for a client speaking {@code protocolVersion} (3, 4 or 5). */
    public int codeFor(int protocolVersion) {
        return protocolVersion >= 5 ? v5Code : v3Code;
    }
}
