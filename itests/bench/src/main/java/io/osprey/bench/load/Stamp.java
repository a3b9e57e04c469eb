package io.osprey.bench.load;

import io.netty.buffer.ByteBuf;
import io.osprey.bench.cli.BenchOptions;

/**
 * The first {@value BenchOptions#MIN_PAYLOAD} bytes of every payload the tool publishes, big-endian: a magic
 * number ({@code OBP1}), the run id, the publisher's number in its run, the message's sequence number and its send
 * time ({@code System.nanoTime()}, comparable between processes of one Linux host). The rest of the payload is zeros.
 */
final class Stamp {

    static final int MAGIC = 0x4F425031;
    static final int RUN = 4;
    static final int PUBLISHER = 8;
    static final int SEQ = 12;
    static final int SENT = 20;

    private Stamp() {
    }

    static void write(ByteBuf out, int runId, int publisher, long seq, long sentNanos, int payloadSize) {
        out.writeInt(MAGIC);
        out.writeInt(runId);
        out.writeInt(publisher);
        out.writeLong(seq);
        out.writeLong(sentNanos);
        out.writeZero(payloadSize - BenchOptions.MIN_PAYLOAD);
    }

    static boolean isStamped(ByteBuf buf, int index, int length) {
        return length >= BenchOptions.MIN_PAYLOAD && buf.getInt(index) == MAGIC;
    }
}
