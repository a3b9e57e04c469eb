package io.osprey.plugin.mqttbridge.record;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.osprey.api.MessageProperties;
import io.osprey.api.UserProperty;
import io.osprey.bridge.core.record.RecordCodec;

/**
 * The bytes of an {@link MqttRecord} in the disk buffer. Version 1: {@code version:u8, ruleId:utf} (the core's
 * common start), {@code topic, payload} as {@code length:i32, bytes}, {@code qos:u8, retain:u8, expiresAt:i64},
 * then the properties: {@code payloadFormat:i8 (-1: none), expiry:i64 (-1: none), contentType, responseTopic,
 * correlationData} (length -1: none) and {@code userPropertyCount:u16, (name, value)*}.
 */
public final class MqttRecordCodec implements RecordCodec<MqttRecord> {

    public static final MqttRecordCodec INSTANCE = new MqttRecordCodec();
    private static final int VERSION = 1;

    private MqttRecordCodec() {
    }

    @Override
    public byte[] encode(MqttRecord r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + r.topic().length() + r.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(r.ruleId());
            RecordCodec.writeText(out, r.topic());
            RecordCodec.writeBytes(out, r.payload());
            out.writeByte(r.qos());
            out.writeByte(r.retain() ? 1 : 0);
            out.writeLong(r.expiresAt());
            MessageProperties p = r.properties();
            out.writeByte(p.payloadFormatIndicator() == null ? -1 : p.payloadFormatIndicator());
            out.writeLong(p.messageExpiryInterval() == null ? -1 : p.messageExpiryInterval());
            RecordCodec.writeText(out, p.contentType());
            RecordCodec.writeText(out, p.responseTopic());
            RecordCodec.writeBytes(out, p.correlationData());
            out.writeShort(p.userProperties().size());
            for (UserProperty u : p.userProperties()) {
                RecordCodec.writeText(out, u.name());
                RecordCodec.writeText(out, u.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public MqttRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown record version " + version);
            }
            String rule = in.readUTF();
            String topic = RecordCodec.readText(in);
            byte[] payload = RecordCodec.readBytes(in);
            int qos = in.readUnsignedByte();
            boolean retain = in.readUnsignedByte() != 0;
            long expiresAt = in.readLong();
            int format = in.readByte();
            long expiry = in.readLong();
            String contentType = RecordCodec.readText(in);
            String responseTopic = RecordCodec.readText(in);
            byte[] correlation = RecordCodec.readBytes(in);
            int n = in.readUnsignedShort();
            List<UserProperty> users = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                users.add(new UserProperty(RecordCodec.readText(in), RecordCodec.readText(in)));
            }
            if (topic == null || qos > 2) {
                throw new IllegalArgumentException("a record without topic or with QoS " + qos);
            }
            MessageProperties p = new MessageProperties(format < 0 ? null : format, expiry < 0 ? null : expiry,
                    contentType, responseTopic, correlation, users);
            return new MqttRecord(rule, topic, payload == null ? new byte[0] : payload, qos, retain, expiresAt, p);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated record: " + e.getMessage(), e);
        }
    }

    @Override
    public String ruleId(MqttRecord record) {
        return record.ruleId();
    }
}
