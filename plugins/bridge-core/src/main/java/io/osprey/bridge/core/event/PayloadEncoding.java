package io.osprey.bridge.core.event;

/**
 * How message payloads are written into record values ({@code encode_payload_type}): {@code base64} keeps binary
 * payloads intact; {@code plain} writes them as UTF-8 text (bytes that are not UTF-8 become U+FFFD).
 */
public enum PayloadEncoding {
    BASE64, PLAIN
}
