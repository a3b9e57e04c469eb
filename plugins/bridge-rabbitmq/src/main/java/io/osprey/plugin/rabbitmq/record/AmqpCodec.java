package io.osprey.plugin.rabbitmq.record;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.osprey.bridge.core.record.RecordCodec;

/**
 * The bytes of an {@link AmqpRecord} in the disk buffer. Version 1: {@code version:u8, ruleId:utf} (the core's
 * common start), then {@code exchange, exchangeType, routingKey, contentType} as {@code length:i32 (-1: none),
 * UTF-8}, {@code flags:u8 (1: persistent), timestamp:i64, body:(length:i32, bytes), headerCount:u16,
 * (name, value)*} — numbers big-endian.
 */
public final class AmqpCodec implements RecordCodec<AmqpRecord> {

    public static final AmqpCodec INSTANCE = new AmqpCodec();
    private static final int VERSION = 1;

    private AmqpCodec() {
    }

    @Override
    public byte[] encode(AmqpRecord r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + r.body().length + r.routingKey().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(r.ruleId());
            RecordCodec.writeText(out, r.exchange());
            RecordCodec.writeText(out, r.exchangeType());
            RecordCodec.writeText(out, r.routingKey());
            RecordCodec.writeText(out, r.contentType());
            out.writeByte(r.persistent() ? 1 : 0);
            out.writeLong(r.timestamp());
            RecordCodec.writeBytes(out, r.body());
            out.writeShort(r.headers().size());
            for (AmqpRecord.Header h : r.headers()) {
                RecordCodec.writeText(out, h.name());
                RecordCodec.writeText(out, h.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public AmqpRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown record version " + version);
            }
            String rule = in.readUTF();
            String exchange = RecordCodec.readText(in);
            String type = RecordCodec.readText(in);
            String routingKey = RecordCodec.readText(in);
            String contentType = RecordCodec.readText(in);
            boolean persistent = (in.readUnsignedByte() & 1) != 0;
            long ts = in.readLong();
            byte[] body = RecordCodec.readBytes(in);
            int n = in.readUnsignedShort();
            List<AmqpRecord.Header> headers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                headers.add(new AmqpRecord.Header(RecordCodec.readText(in), RecordCodec.readText(in)));
            }
            if (exchange == null || routingKey == null) {
                throw new IllegalArgumentException("a record without exchange or routing key");
            }
            return new AmqpRecord(rule, exchange, type, routingKey, body == null ? new byte[0] : body, contentType,
                    persistent, ts, List.copyOf(headers));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated record: " + e.getMessage(), e);
        }
    }

    @Override
    public String ruleId(AmqpRecord record) {
        return record.ruleId();
    }
}
