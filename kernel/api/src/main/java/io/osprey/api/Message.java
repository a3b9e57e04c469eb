package io.osprey.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An application message as it travels through the broker: from the publisher, through the {@code message.publish}
 * hooks and the router, to each subscriber. Immutable; hooks that change a message build a new one with
 * {@link #toBuilder()}.
 * <p>
 * The payload array is shared, never copied, by the broker: treat it as read-only.
 */
public final class Message {

    private static final byte[] EMPTY = new byte[0];

    private final long id;
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final String fromClientId;
    private final String fromUsername;
    private final long timestamp;
    private final MessageProperties properties;

    private Message(Builder b) {
        this.id = b.id;
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.payload = b.payload == null ? EMPTY : b.payload;
        if (b.qos < 0 || b.qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + b.qos);
        }
        this.qos = b.qos;
        this.retain = b.retain;
        this.fromClientId = b.fromClientId;
        this.fromUsername = b.fromUsername;
        this.timestamp = b.timestamp == 0 ? System.currentTimeMillis() : b.timestamp;
        this.properties = b.properties == null ? MessageProperties.NONE : b.properties;
    }

    public static Builder builder(String topic) {
        return new Builder().topic(topic);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.topic = topic;
        b.payload = payload;
        b.qos = qos;
        b.retain = retain;
        b.fromClientId = fromClientId;
        b.fromUsername = fromUsername;
        b.timestamp = timestamp;
        b.properties = properties;
        return b;
    }

    /** Broker-unique id of this message (unique per node and increasing); 0 when not assigned yet. */
    public long id() {
        return id;
    }

    /** The id as the 16-digit hex text EMQX tools expect in {@code msgid} columns. */
    public String idString() {
        return String.format("%016X", id);
    }

    public String topic() {
        return topic;
    }

    public byte[] payload() {
        return payload;
    }

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public int qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    /** The client id of the publisher, or {@code null} for a message the broker or a plugin created. */
    public String fromClientId() {
        return fromClientId;
    }

    public String fromUsername() {
        return fromUsername;
    }

    /** Milliseconds since the epoch when the broker received the message. */
    public long timestamp() {
        return timestamp;
    }

    public MessageProperties properties() {
        return properties;
    }

    /** {@code true} for {@code $SYS/...} and other {@code $}-topics the broker itself owns. */
    public boolean isSystemTopic() {
        return !topic.isEmpty() && topic.charAt(0) == '$';
    }

    /** Epoch milliseconds after which the message must not be delivered, or {@link Long#MAX_VALUE}. */
    public long expiresAt() {
        Long interval = properties.messageExpiryInterval();
        return interval == null ? Long.MAX_VALUE : timestamp + interval * 1000L;
    }

    public boolean isExpired(long nowMillis) {
        return nowMillis >= expiresAt();
    }

    @Override
    public String toString() {
        return "Message{id=" + id + ", topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", from="
                + fromClientId + ", bytes=" + payload.length + '}';
    }

    /** Builds a {@link Message}; everything but the topic is optional. */
    public static final class Builder {
        private long id;
        private String topic;
        private byte[] payload;
        private int qos;
        private boolean retain;
        private String fromClientId;
        private String fromUsername;
        private long timestamp;
        private MessageProperties properties;

        private Builder() {
        }

        public Builder id(long id) {
            this.id = id;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder payload(byte[] payload) {
            this.payload = payload;
            return this;
        }

        public Builder payload(String utf8) {
            this.payload = utf8.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder qos(int qos) {
            this.qos = qos;
            return this;
        }

        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        public Builder from(String clientId, String username) {
            this.fromClientId = clientId;
            this.fromUsername = username;
            return this;
        }

        public Builder timestamp(long epochMillis) {
            this.timestamp = epochMillis;
            return this;
        }

        public Builder properties(MessageProperties properties) {
            this.properties = properties;
            return this;
        }

        public Message build() {
            return new Message(this);
        }
    }
}
