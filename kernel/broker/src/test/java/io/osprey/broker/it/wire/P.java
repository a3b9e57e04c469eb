package io.osprey.broker.it.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * MQTT packets as bytes, built by hand so that tests control every bit (including the illegal ones). Methods named
 * after the packet; {@link Props} builds MQTT 5 property blocks.
 */
public final class P {

    private P() {
    }

    /** A CONNECT under construction. */
    public static final class Connect {
        private final int level;
        private String protocol;
        private String clientId = "";
        private boolean clean = true;
        private int keepAlive = 60;
        private byte[] props = new byte[0];
        private String willTopic;
        private byte[] willPayload;
        private int willQos;
        private boolean willRetain;
        private byte[] willProps = new byte[0];
        private String username;
        private byte[] password;
        private int extraFlags;

        Connect(int level) {
            this.level = level;
            this.protocol = level == 3 ? "MQIsdp" : "MQTT";
        }

        public Connect clientId(String id) {
            this.clientId = id;
            return this;
        }

        public Connect clean(boolean clean) {
            this.clean = clean;
            return this;
        }

        public Connect keepAlive(int seconds) {
            this.keepAlive = seconds;
            return this;
        }

        public Connect props(byte[] props) {
            this.props = props;
            return this;
        }

        public Connect protocol(String name) {
            this.protocol = name;
            return this;
        }

        public Connect will(String topic, String payload, int qos, boolean retain) {
            this.willTopic = topic;
            this.willPayload = payload.getBytes(StandardCharsets.UTF_8);
            this.willQos = qos;
            this.willRetain = retain;
            return this;
        }

        public Connect willProps(byte[] props) {
            this.willProps = props;
            return this;
        }

        public Connect username(String u) {
            this.username = u;
            return this;
        }

        public Connect password(String p) {
            this.password = p.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** ORs raw bits into the connect flags byte (for illegal combinations). */
        public Connect flags(int bits) {
            this.extraFlags = bits;
            return this;
        }

        public byte[] bytes() {
            Buf vh = new Buf();
            vh.str(protocol);
            vh.u8(level);
            int flags = (clean ? 0x02 : 0) | extraFlags;
            if (willTopic != null) {
                flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
            }
            if (username != null) {
                flags |= 0x80;
            }
            if (password != null) {
                flags |= 0x40;
            }
            vh.u8(flags);
            vh.u16(keepAlive);
            boolean v5 = (level & 0x7F) == 5;
            if (v5) {
                vh.raw(props);
            }
            vh.str(clientId);
            if (willTopic != null) {
                if (v5) {
                    vh.raw(willProps);
                }
                vh.str(willTopic);
                vh.bin(willPayload);
            }
            if (username != null) {
                vh.str(username);
            }
            if (password != null) {
                vh.bin(password);
            }
            return packet(0x10, vh.bytes());
        }
    }

    public static Connect connect(int level) {
        return new Connect(level);
    }

    public static byte[] publish(int qos, String topic, int packetId, String payload) {
        return publish(qos, false, false, topic, packetId, null, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** @param props MQTT 5 property block ({@link Props#bytes()}) or {@code null} for 3.1.1 */
    public static byte[] publish(int qos, boolean retain, boolean dup, String topic, int packetId, byte[] props,
                                 byte[] payload) {
        Buf b = new Buf();
        b.str(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        if (props != null) {
            b.raw(props);
        }
        b.raw(payload);
        return packet(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0), b.bytes());
    }

    /** SUBSCRIBE; {@code filtersAndOptions} alternates filter (String) and options byte (Integer). */
    public static byte[] subscribe(int packetId, byte[] props, Object... filtersAndOptions) {
        Buf b = new Buf();
        b.u16(packetId);
        if (props != null) {
            b.raw(props);
        }
        for (int i = 0; i < filtersAndOptions.length; i += 2) {
            b.str((String) filtersAndOptions[i]);
            b.u8((Integer) filtersAndOptions[i + 1]);
        }
        return packet(0x82, b.bytes());
    }

    public static byte[] unsubscribe(int packetId, byte[] props, String... filters) {
        Buf b = new Buf();
        b.u16(packetId);
        if (props != null) {
            b.raw(props);
        }
        for (String f : filters) {
            b.str(f);
        }
        return packet(0xA2, b.bytes());
    }

    public static byte[] puback(int id) {
        return new byte[] {0x40, 2, (byte) (id >> 8), (byte) id};
    }

    public static byte[] pubrec(int id) {
        return new byte[] {0x50, 2, (byte) (id >> 8), (byte) id};
    }

    public static byte[] pubrel(int id) {
        return new byte[] {0x62, 2, (byte) (id >> 8), (byte) id};
    }

    public static byte[] pubcomp(int id) {
        return new byte[] {0x70, 2, (byte) (id >> 8), (byte) id};
    }

    /** An acknowledgement with an MQTT 5 reason code (and no properties). */
    public static byte[] ack5(int firstByte, int id, int reason) {
        return new byte[] {(byte) firstByte, 3, (byte) (id >> 8), (byte) id, (byte) reason};
    }

    public static byte[] connack(boolean sessionPresent, int code) {
        return new byte[] {0x20, 2, (byte) (sessionPresent ? 1 : 0), (byte) code};
    }

    public static byte[] suback(int id, int... codes) {
        Buf b = new Buf();
        b.u16(id);
        for (int c : codes) {
            b.u8(c);
        }
        return packet(0x90, b.bytes());
    }

    public static byte[] unsuback(int id) {
        return new byte[] {(byte) 0xB0, 2, (byte) (id >> 8), (byte) id};
    }

    public static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    public static byte[] pingresp() {
        return new byte[] {(byte) 0xD0, 0};
    }

    public static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0};
    }

    public static byte[] disconnect5(int reason, byte[] props) {
        Buf b = new Buf();
        b.u8(reason);
        b.raw(props == null ? new byte[] {0} : props);
        return packet(0xE0, b.bytes());
    }

    /** Fixed header + remaining length + body. */
    public static byte[] packet(int firstByte, byte[] body) {
        Buf b = new Buf();
        b.u8(firstByte);
        b.varInt(body.length);
        b.raw(body);
        return b.bytes();
    }

    public static byte[] hex(String hex) {
        String h = hex.replaceAll("\\s", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    public static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x & 0xFF));
        }
        return b.toString();
    }

    /** MQTT 5 properties: a property block with its length prefix. */
    public static final class Props {
        private final Buf b = new Buf();

        public Props u8(int id, int v) {
            b.varInt(id);
            b.u8(v);
            return this;
        }

        public Props u16(int id, int v) {
            b.varInt(id);
            b.u16(v);
            return this;
        }

        public Props u32(int id, long v) {
            b.varInt(id);
            b.u32(v);
            return this;
        }

        public Props varInt(int id, int v) {
            b.varInt(id);
            b.varInt(v);
            return this;
        }

        public Props str(int id, String v) {
            b.varInt(id);
            b.str(v);
            return this;
        }

        public Props bin(int id, byte[] v) {
            b.varInt(id);
            b.bin(v);
            return this;
        }

        public Props user(String k, String v) {
            b.varInt(0x26);
            b.str(k);
            b.str(v);
            return this;
        }

        public byte[] bytes() {
            byte[] body = b.bytes();
            Buf out = new Buf();
            out.varInt(body.length);
            out.raw(body);
            return out.bytes();
        }
    }

    public static Props props() {
        return new Props();
    }

    /** No properties (a single 0 length byte). */
    public static byte[] noProps() {
        return new byte[] {0};
    }

    static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u8(int v) {
            out.write(v);
        }

        void u16(int v) {
            out.write(v >> 8);
            out.write(v);
        }

        void u32(long v) {
            out.write((int) (v >> 24));
            out.write((int) (v >> 16));
            out.write((int) (v >> 8));
            out.write((int) v);
        }

        void str(String s) {
            bin(s.getBytes(StandardCharsets.UTF_8));
        }

        void bin(byte[] b) {
            u16(b.length);
            out.writeBytes(b);
        }

        void raw(byte[] b) {
            out.writeBytes(b);
        }

        void varInt(int v) {
            do {
                int d = v & 0x7F;
                v >>>= 7;
                if (v > 0) {
                    d |= 0x80;
                }
                out.write(d);
            } while (v > 0);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
