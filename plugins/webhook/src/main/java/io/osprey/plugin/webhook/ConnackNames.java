package io.osprey.plugin.webhook;

/**
 * The {@code conn_ack} field: EMQX's name of the CONNACK reason. EMQX names the MQTT 5 reason for every protocol
 * version, so a 3.1.1 code is first mapped to its MQTT 5 equivalent (5 Not authorized is {@code not_authorized}).
 */
final class ConnackNames {

    private ConnackNames() {
    }

    static String of(int code, int protocolVersion) {
        if (protocolVersion < 5) {
            return switch (code) {
                case 0 -> "success";
                case 1 -> "unsupported_protocol_version";
                case 2 -> "client_identifier_not_valid";
                case 3 -> "server_unavailable";
                case 4 -> "bad_username_or_password";
                case 5 -> "not_authorized";
                default -> "unknown_error";
            };
        }
        return switch (code) {
            case 0x00 -> "success";
            case 0x80 -> "unspecified_error";
            case 0x81 -> "malformed_packet";
            case 0x82 -> "protocol_error";
            case 0x83 -> "implementation_specific_error";
            case 0x84 -> "unsupported_protocol_version";
            case 0x85 -> "client_identifier_not_valid";
            case 0x86 -> "bad_username_or_password";
            case 0x87 -> "not_authorized";
            case 0x88 -> "server_unavailable";
            case 0x89 -> "server_busy";
            case 0x8A -> "banned";
            case 0x8C -> "bad_authentication_method";
            case 0x90 -> "topic_name_invalid";
            case 0x95 -> "packet_too_large";
            case 0x97 -> "quota_exceeded";
            case 0x99 -> "payload_format_invalid";
            case 0x9A -> "retain_not_supported";
            case 0x9B -> "qos_not_supported";
            case 0x9C -> "use_another_server";
            case 0x9D -> "server_moved";
            case 0x9F -> "connection_rate_exceeded";
            default -> "unknown_error";
        };
    }
}
