package io.osprey.bench.mqtt;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Writes the client's MQTT packets (3.1.1 and 5.0) straight into a caller's buffer. Hand-written rather than Netty's
 * {@code MqttEncoder}, which allocates a message object and a buffer per packet: the generator writes many packets per
 * flush into one buffer so that its own CPU use stays far below the broker's.
 */
public final class Packets {

    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int UNSUBACK = 11;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;

    /** MQTT 5 property identifiers used here (§2.2.2.2). */
    static final int SESSION_EXPIRY_INTERVAL = 0x11;
    static final int RECEIVE_MAXIMUM = 0x21;

    private Packets() {
    }

    /**
     * CONNECT. MQTT 5 clients announce Receive Maximum 65535 so that only the broker's own window limits deliveries.
     *
     * @param sessionExpiry MQTT 5 Session Expiry Interval in seconds (0: none); ignored for 3.1.1
     */
    public static void connect(ByteBuf out, int version, String clientId, boolean cleanStart, int keepAlive,
                               String username, String password, long sessionExpiry) {
        byte[] id = utf8(clientId);
        byte[] user = username == null ? null : utf8(username);
        byte[] pass = password == null ? null : utf8(password);
        int props = 0;
        if (version == 5) {
            props = 3 + (sessionExpiry > 0 ? 5 : 0);
        }
        int remaining = 2 + 4 + 1 + 1 + 2 + (version == 5 ? varIntSize(props) + props : 0) + 2 + id.length
                + (user == null ? 0 : 2 + user.length) + (pass == null ? 0 : 2 + pass.length);
        out.writeByte(CONNECT << 4);
        writeVarInt(out, remaining);
        out.writeShort(4);
        out.writeBytes(new byte[] {'M', 'Q', 'T', 'T'});
        out.writeByte(version);
        out.writeByte((user != null ? 0x80 : 0) | (pass != null ? 0x40 : 0) | (cleanStart ? 0x02 : 0));
        out.writeShort(keepAlive);
        if (version == 5) {
            writeVarInt(out, props);
            out.writeByte(RECEIVE_MAXIMUM);
            out.writeShort(65535);
            if (sessionExpiry > 0) {
                out.writeByte(SESSION_EXPIRY_INTERVAL);
                out.writeInt((int) sessionExpiry);
            }
        }
        writeBytes(out, id);
        if (user != null) {
            writeBytes(out, user);
        }
        if (pass != null) {
            writeBytes(out, pass);
        }
    }

    /** SUBSCRIBE with one filter. */
    public static void subscribe(ByteBuf out, int version, int packetId, String filter, int qos) {
        byte[] f = utf8(filter);
        int remaining = 2 + (version == 5 ? 1 : 0) + 2 + f.length + 1;
        out.writeByte((SUBSCRIBE << 4) | 0x02);
        writeVarInt(out, remaining);
        out.writeShort(packetId);
        if (version == 5) {
            out.writeByte(0);
        }
        writeBytes(out, f);
        out.writeByte(qos);
    }

    /**
     * Everything of a PUBLISH before the packet id: fixed header, remaining length and topic. It is the same for every
     * message of one publisher (fixed topic, QoS and payload size), so the publisher computes it once.
     */
    public static byte[] publishPrefix(String topic, int qos, int version, int payloadSize) {
        byte[] t = utf8(topic);
        int remaining = 2 + t.length + (qos > 0 ? 2 : 0) + (version == 5 ? 1 : 0) + payloadSize;
        byte[] out = new byte[1 + varIntSize(remaining) + 2 + t.length];
        int i = 0;
        out[i++] = (byte) ((PUBLISH << 4) | (qos << 1));
        int v = remaining;
        do {
            int digit = v & 0x7F;
            v >>>= 7;
            out[i++] = (byte) (v > 0 ? digit | 0x80 : digit);
        } while (v > 0);
        out[i++] = (byte) (t.length >> 8);
        out[i++] = (byte) t.length;
        System.arraycopy(t, 0, out, i, t.length);
        return out;
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP in the short form (reason code 0 is implied in MQTT 5). */
    public static void ack(ByteBuf out, int type, int packetId) {
        out.writeByte((type << 4) | (type == PUBREL ? 0x02 : 0));
        out.writeByte(2);
        out.writeShort(packetId);
    }

    public static void pingreq(ByteBuf out) {
        out.writeByte(PINGREQ << 4);
        out.writeByte(0);
    }

    /** DISCONNECT; in MQTT 5 a remaining length of 0 means reason 0x00 (normal disconnection). */
    public static void disconnect(ByteBuf out) {
        out.writeByte(DISCONNECT << 4);
        out.writeByte(0);
    }

    public static int varIntSize(int value) {
        return value < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : 4;
    }

    public static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }

    private static void writeBytes(ByteBuf out, byte[] b) {
        out.writeShort(b.length);
        out.writeBytes(b);
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 65535) {
            throw new IllegalArgumentException("string longer than 65535 bytes: " + s.substring(0, 40) + "…");
        }
        return b;
    }
}
