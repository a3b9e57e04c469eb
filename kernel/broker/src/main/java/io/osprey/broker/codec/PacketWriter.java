package io.osprey.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.osprey.api.Message;
import io.osprey.api.MessageProperties;
import io.osprey.api.UserProperty;

/**
 * Hand-written encoders for the packets on the hot path (PUBLISH and its acknowledgements, PINGRESP), writing into a
 * caller's buffer so that many packets to one client share one buffer and one write per flush. Netty's
 * {@code MqttEncoder} allocates a buffer and a message object per packet; on fan-out that dominated the profile.
 * Rare packets (CONNACK, SUBACK, DISCONNECT…) still go through Netty's encoder.
 */
public final class PacketWriter {

    // MQTT 5 property identifiers (§2.2.2.2)
    static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    static final int CONTENT_TYPE = 0x03;
    static final int RESPONSE_TOPIC = 0x08;
    static final int CORRELATION_DATA = 0x09;
    static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    static final int REASON_STRING = 0x1F;
    static final int TOPIC_ALIAS = 0x23;
    static final int USER_PROPERTY = 0x26;

    private PacketWriter() {
    }

    /**
     * The size of a PUBLISH packet as {@link #writePublish} would encode it.
     *
     * @param topicBytes UTF-8 length of the topic as sent (0 when replaced by an alias)
     */
    public static int publishSize(int topicBytes, int qos, int propertiesLength, boolean v5, int payloadLength) {
        int remaining = remainingPublish(topicBytes, qos, propertiesLength, v5, payloadLength);
        return 1 + varIntSize(remaining) + remaining;
    }

    private static int remainingPublish(int topicBytes, int qos, int propertiesLength, boolean v5, int payloadLength) {
        int n = 2 + topicBytes + (qos > 0 ? 2 : 0) + payloadLength;
        if (v5) {
            n += varIntSize(propertiesLength) + propertiesLength;
        }
        return n;
    }

    /**
     * The length of the MQTT 5 PUBLISH properties for this delivery.
     *
     * @param expiryRemaining seconds left until the message expires, or -1 for none
     */
    public static int publishPropertiesLength(MessageProperties p, long expiryRemaining, int topicAlias,
                                              int subscriptionId) {
        int n = 0;
        if (p.payloadFormatIndicator() != null) {
            n += 2;
        }
        if (expiryRemaining >= 0) {
            n += 5;
        }
        if (p.contentType() != null) {
            n += 1 + 2 + ByteBufUtil.utf8Bytes(p.contentType());
        }
        if (p.responseTopic() != null) {
            n += 1 + 2 + ByteBufUtil.utf8Bytes(p.responseTopic());
        }
        if (p.correlationData() != null) {
            n += 1 + 2 + p.correlationData().length;
        }
        if (topicAlias > 0) {
            n += 3;
        }
        if (subscriptionId > 0) {
            n += 1 + varIntSize(subscriptionId);
        }
        for (UserProperty u : p.userProperties()) {
            n += 1 + 2 + ByteBufUtil.utf8Bytes(u.name()) + 2 + ByteBufUtil.utf8Bytes(u.value());
        }
        return n;
    }

    /**
     * Writes a PUBLISH header (everything before the payload) into {@code out}; the caller writes the payload.
     *
     * @param topic            the topic to write, or {@code ""} when a known topic alias replaces it
     * @param topicBytes       {@code ByteBufUtil.utf8Bytes(topic)}
     * @param propertiesLength from {@link #publishPropertiesLength}, ignored unless {@code v5}
     */
    public static void writePublishHeader(ByteBuf out, String topic, int topicBytes, int qos, boolean dup,
                                          boolean retain, int packetId, boolean v5, MessageProperties p,
                                          long expiryRemaining, int topicAlias, int subscriptionId,
                                          int propertiesLength, int payloadLength) {
        out.writeByte(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0));
        writeVarInt(out, remainingPublish(topicBytes, qos, propertiesLength, v5, payloadLength));
        out.writeShort(topicBytes);
        if (topicBytes > 0) {
            ByteBufUtil.reserveAndWriteUtf8(out, topic, topicBytes);
        }
        if (qos > 0) {
            out.writeShort(packetId);
        }
        if (v5) {
            writeVarInt(out, propertiesLength);
            if (propertiesLength > 0) {
                writePublishProperties(out, p, expiryRemaining, topicAlias, subscriptionId);
            }
        }
    }

    private static void writePublishProperties(ByteBuf out, MessageProperties p, long expiryRemaining, int topicAlias,
                                               int subscriptionId) {
        if (p.payloadFormatIndicator() != null) {
            out.writeByte(PAYLOAD_FORMAT_INDICATOR);
            out.writeByte(p.payloadFormatIndicator());
        }
        if (expiryRemaining >= 0) {
            out.writeByte(MESSAGE_EXPIRY_INTERVAL);
            out.writeInt((int) expiryRemaining);
        }
        if (p.contentType() != null) {
            out.writeByte(CONTENT_TYPE);
            writeString(out, p.contentType());
        }
        if (p.responseTopic() != null) {
            out.writeByte(RESPONSE_TOPIC);
            writeString(out, p.responseTopic());
        }
        if (p.correlationData() != null) {
            out.writeByte(CORRELATION_DATA);
            out.writeShort(p.correlationData().length);
            out.writeBytes(p.correlationData());
        }
        if (topicAlias > 0) {
            out.writeByte(TOPIC_ALIAS);
            out.writeShort(topicAlias);
        }
        if (subscriptionId > 0) {
            out.writeByte(SUBSCRIPTION_IDENTIFIER);
            writeVarInt(out, subscriptionId);
        }
        for (UserProperty u : p.userProperties()) {
            out.writeByte(USER_PROPERTY);
            writeString(out, u.name());
            writeString(out, u.value());
        }
    }

    /**
     * PUBACK, PUBREC, PUBREL or PUBCOMP. MQTT 5 may carry a reason code and reason string; with reason 0 and no
     * string the short form is written [MQTT-3.4.2-1].
     *
     * @param type 4 PUBACK, 5 PUBREC, 6 PUBREL, 7 PUBCOMP
     */
    public static void writeAck(ByteBuf out, int type, int packetId, boolean v5, int reasonCode, String reasonString) {
        int first = (type << 4) | (type == 6 ? 0x02 : 0);
        if (!v5 || (reasonCode == 0 && reasonString == null)) {
            out.writeByte(first);
            out.writeByte(2);
            out.writeShort(packetId);
            return;
        }
        int propsLength = reasonString == null ? 0 : 1 + 2 + ByteBufUtil.utf8Bytes(reasonString);
        int remaining = 2 + 1 + (propsLength == 0 ? 0 : varIntSize(propsLength) + propsLength);
        out.writeByte(first);
        writeVarInt(out, remaining);
        out.writeShort(packetId);
        out.writeByte(reasonCode);
        if (propsLength > 0) {
            writeVarInt(out, propsLength);
            out.writeByte(REASON_STRING);
            writeString(out, reasonString);
        }
    }

    public static void writePingresp(ByteBuf out) {
        out.writeByte(0xD0);
        out.writeByte(0);
    }

    /** Encodes a message as the broker would send it at QoS 0 to a 3.1.1 client (benchmarks and tests). */
    public static void writeSimplePublish(ByteBuf out, Message m) {
        int tb = ByteBufUtil.utf8Bytes(m.topic());
        writePublishHeader(out, m.topic(), tb, 0, false, m.retain(), 0, false, m.properties(), -1, 0, 0, 0,
                m.payload().length);
        out.writeBytes(m.payload());
    }

    public static void writeString(ByteBuf out, String s) {
        int len = ByteBufUtil.utf8Bytes(s);
        out.writeShort(len);
        ByteBufUtil.reserveAndWriteUtf8(out, s, len);
    }

    public static int varIntSize(int value) {
        if (value < 128) {
            return 1;
        }
        if (value < 16384) {
            return 2;
        }
        if (value < 2097152) {
            return 3;
        }
        return 4;
    }

    public static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            if (value > 0) {
                digit |= 0x80;
            }
            out.writeByte(digit);
        } while (value > 0);
    }
}
