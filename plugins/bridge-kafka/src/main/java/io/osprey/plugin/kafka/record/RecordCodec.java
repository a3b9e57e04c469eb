package io.osprey.plugin.kafka.record;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.osprey.plugin.kafka.rule.PartitionStrategy;


/**
 * The bytes of a {@link BridgeRecord} in the disk buffer. Version 1:
 * {@code version:u8, ruleId:utf, topic:utf, strategy:u8, keyLength:i32 (-1: none), key, valueLength:i32, value,
 * headerCount:u16, (name:utf, valueLength:i32, value)*} — all numbers big-endian, strings in Java's modified UTF-8.
 * The rule id comes first so that a dropped segment can be attributed to rules without decoding whole records.
 */
public final class RecordCodec {

    /** This format as the bridge core's codec. */
    public static final io.osprey.bridge.core.record.RecordCodec<BridgeRecord> CODEC =
            new io.osprey.bridge.core.record.RecordCodec<>() {
                @Override
                public byte[] encode(BridgeRecord record) {
                    return RecordCodec.encode(record);
                }

                @Override
                public BridgeRecord decode(byte[] data) {
                    return RecordCodec.decode(data);
                }

                @Override
                public String ruleId(BridgeRecord record) {
                    return record.ruleId();
                }
            };

    private static final int VERSION = 1;

    private RecordCodec() {
    }

    public static byte[] encode(BridgeRecord r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.weight());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(r.ruleId());
            out.writeUTF(r.topic());
            out.writeByte(r.strategy().ordinal());
            writeBytes(out, r.key());
            writeBytes(out, r.value());
            out.writeShort(r.headers().size());
            for (BridgeRecord.Header h : r.headers()) {
                out.writeUTF(h.name());
                writeBytes(out, h.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a record of a known version */
    public static BridgeRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown record version " + version);
            }
            String rule = in.readUTF();
            String topic = in.readUTF();
            int strategy = in.readUnsignedByte();
            if (strategy >= PartitionStrategy.values().length) {
                throw new IllegalArgumentException("unknown partition strategy " + strategy);
            }
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            int n = in.readUnsignedShort();
            List<BridgeRecord.Header> headers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                headers.add(new BridgeRecord.Header(in.readUTF(), readBytes(in)));
            }
            return new BridgeRecord(rule, topic, PartitionStrategy.values()[strategy], key, value == null
                    ? new byte[0] : value, List.copyOf(headers));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated record: " + e.getMessage(), e);
        }
    }

    /** Only the rule id of an encoded record. */
    public static String ruleId(byte[] data) {
        return io.osprey.bridge.core.record.RecordCodec.ruleIdOf(data);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        io.osprey.bridge.core.record.RecordCodec.writeBytes(out, b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        return io.osprey.bridge.core.record.RecordCodec.readBytes(in);
    }
}
