package io.osprey.bench.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Walks MQTT 5 property blocks in place (§2.2.2): skipping them, or picking out the one value the tool needs. Each
 * identifier's size comes from its data type, so unknown-but-valid properties are skipped correctly.
 */
final class Properties {

    private Properties() {
    }

    /** @return the index just after the property block that starts (with its length) at {@code index} */
    static int skip(ByteBuf in, int index) {
        return varIntEnd(in, index) + varInt(in, index);
    }

    private static int varInt(ByteBuf in, int index) {
        int value = 0;
        int shift = 0;
        int b;
        do {
            if (shift > 21) {
                throw new CorruptedFrameException("variable byte integer longer than 4 bytes");
            }
            b = in.getUnsignedByte(index++);
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static int varIntEnd(ByteBuf in, int index) {
        while ((in.getUnsignedByte(index) & 0x80) != 0) {
            index++;
        }
        return index + 1;
    }

    /** Receive Maximum (0x21) of the property block at {@code index}, or 65535 when it is absent. */
    static int receiveMaximum(ByteBuf in, int index, int end) {
        int blockEnd = skip(in, index);
        int p = varIntEnd(in, index);
        while (p < blockEnd && p < end) {
            int id = in.getUnsignedByte(p++);
            if (id == Packets.RECEIVE_MAXIMUM) {
                return in.getUnsignedShort(p);
            }
            p += valueSize(in, id, p);
        }
        return 65535;
    }

    private static int valueSize(ByteBuf in, int id, int p) {
        return switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> 1;
            case 0x13, 0x21, 0x22, 0x23 -> 2;
            case 0x02, 0x11, 0x18, 0x27 -> 4;
            case 0x0B -> varIntEnd(in, p) - p;
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> 2 + in.getUnsignedShort(p);
            case 0x26 -> {
                int name = 2 + in.getUnsignedShort(p);
                yield name + 2 + in.getUnsignedShort(p + name);
            }
            default -> throw new CorruptedFrameException("unknown MQTT 5 property 0x" + Integer.toHexString(id));
        };
    }
}
