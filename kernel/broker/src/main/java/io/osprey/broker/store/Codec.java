package io.osprey.broker.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.Message;
import io.osprey.api.MessageProperties;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.UserProperty;

/**
 * The store's binary formats for messages, deliveries and session records: compact, versioned (first byte), and
 * independent of Java serialization so that a stored file outlives class changes.
 */
public final class Codec {

    private static final int VERSION = 1;

    private Codec() {
    }

    // ---- messages ------------------------------------------------------------------------------------------

    public static byte[] message(Message m) {
        return write(out -> writeMessage(out, m));
    }

    public static Message message(byte[] bytes) {
        return read(bytes, in -> {
            version(in);
            return readMessage(in);
        });
    }

    private static void writeMessage(DataOutputStream out, Message m) throws IOException {
        out.writeByte(VERSION);
        out.writeLong(m.id());
        out.writeLong(m.timestamp());
        MessageProperties p = m.properties();
        boolean hasProps = !p.isEmpty();
        out.writeByte(m.qos() | (m.retain() ? 4 : 0) | (hasProps ? 8 : 0));
        out.writeUTF(m.topic());
        out.writeInt(m.payload().length);
        out.write(m.payload());
        nullable(out, m.fromClientId());
        nullable(out, m.fromUsername());
        if (hasProps) {
            out.writeByte(p.payloadFormatIndicator() == null ? -1 : p.payloadFormatIndicator());
            out.writeLong(p.messageExpiryInterval() == null ? -1 : p.messageExpiryInterval());
            nullable(out, p.contentType());
            nullable(out, p.responseTopic());
            out.writeInt(p.correlationData() == null ? -1 : p.correlationData().length);
            if (p.correlationData() != null) {
                out.write(p.correlationData());
            }
            out.writeShort(p.userProperties().size());
            for (UserProperty u : p.userProperties()) {
                out.writeUTF(u.name());
                out.writeUTF(u.value());
            }
        }
    }

    private static Message readMessage(DataInputStream in) throws IOException {
        long id = in.readLong();
        long timestamp = in.readLong();
        int flags = in.readByte();
        String topic = in.readUTF();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        String from = readNullable(in);
        String user = readNullable(in);
        MessageProperties props = MessageProperties.NONE;
        if ((flags & 8) != 0) {
            int pfi = in.readByte();
            long expiry = in.readLong();
            String contentType = readNullable(in);
            String responseTopic = readNullable(in);
            int corrLength = in.readInt();
            byte[] corr = null;
            if (corrLength >= 0) {
                corr = new byte[corrLength];
                in.readFully(corr);
            }
            int n = in.readUnsignedShort();
            List<UserProperty> users = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                users.add(new UserProperty(in.readUTF(), in.readUTF()));
            }
            props = new MessageProperties(pfi < 0 ? null : pfi, expiry < 0 ? null : expiry, contentType,
                    responseTopic, corr, users);
        }
        return Message.builder(topic).id(id).timestamp(timestamp).qos(flags & 3).retain((flags & 4) != 0)
                .payload(payload).from(from, user).properties(props).build();
    }

    // ---- deliveries ----------------------------------------------------------------------------------------

    public static byte[] delivery(StoredDelivery d) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(d.state());
            out.writeShort(d.packetId());
            out.writeByte(d.qos());
            writeOptions(out, d.options());
            nullable(out, d.shareGroup());
            nullable(out, d.shareFilter());
            out.writeBoolean(d.retainedOnSubscribe());
            writeMessage(out, d.message());
        });
    }

    public static StoredDelivery delivery(byte[] bytes) {
        return read(bytes, in -> {
            version(in);
            byte state = in.readByte();
            int packetId = in.readUnsignedShort();
            int qos = in.readByte();
            SubscriptionOptions o = readOptions(in);
            String group = readNullable(in);
            String filter = readNullable(in);
            boolean retained = in.readBoolean();
            version(in);
            return new StoredDelivery(state, packetId, qos, o, group, filter, retained, readMessage(in));
        });
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    public static byte[] session(StoredSession s) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeUTF(s.clientId());
            out.writeLong(s.expiryInterval());
            out.writeLong(s.disconnectedAt());
            nullable(out, s.username());
            out.writeByte(s.protocolVersion());
            out.writeInt(s.subscriptions().size());
            for (Map.Entry<String, SubscriptionOptions> e : s.subscriptions().entrySet()) {
                out.writeUTF(e.getKey());
                writeOptions(out, e.getValue());
            }
            out.writeBoolean(s.will() != null);
            if (s.will() != null) {
                writeMessage(out, s.will());
                out.writeLong(s.willDeadline());
            }
        });
    }

    public static StoredSession session(byte[] bytes) {
        return read(bytes, in -> {
            version(in);
            String clientId = in.readUTF();
            long expiry = in.readLong();
            long disconnectedAt = in.readLong();
            String username = readNullable(in);
            int protocol = in.readByte();
            int n = in.readInt();
            Map<String, SubscriptionOptions> subs = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                subs.put(in.readUTF(), readOptions(in));
            }
            Message will = null;
            long deadline = 0;
            if (in.readBoolean()) {
                version(in);
                will = readMessage(in);
                deadline = in.readLong();
            }
            return new StoredSession(clientId, expiry, disconnectedAt, username, protocol, subs, will, deadline);
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void writeOptions(DataOutputStream out, SubscriptionOptions o) throws IOException {
        out.writeByte(o.qos() | (o.noLocal() ? 4 : 0) | (o.retainAsPublished() ? 8 : 0) | (o.retainHandling() << 4));
        out.writeInt(o.subscriptionIdentifier());
    }

    private static SubscriptionOptions readOptions(DataInputStream in) throws IOException {
        int b = in.readByte();
        int id = in.readInt();
        return new SubscriptionOptions(b & 3, (b & 4) != 0, (b & 8) != 0, (b >> 4) & 3, id);
    }

    private static void nullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void version(DataInputStream in) throws IOException {
        int v = in.readByte();
        if (v != VERSION) {
            throw new IOException("unknown record format " + v);
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        Buffer b = BUFFER.get();
        b.reset();
        try {
            w.write(b.out);
            b.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /**
     * One growing buffer per thread, reused for every record: the committer encodes a record for every durable
     * message it moves to disk, and a fresh 128-byte stream would be regrown (copied) for most of them.
     */
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

    private static final class Buffer extends ByteArrayOutputStream {
        final DataOutputStream out = new DataOutputStream(this);

        Buffer() {
            super(512);
        }
    }

    private static <T> T read(byte[] bytes, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return r.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt store record: " + e.getMessage(), e);
        }
    }
}
