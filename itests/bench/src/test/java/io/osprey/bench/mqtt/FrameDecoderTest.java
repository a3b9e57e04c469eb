package io.osprey.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class FrameDecoderTest {

    /** Records the callbacks as text. */
    static final class Recorder extends FrameDecoder {
        final List<String> seen = new ArrayList<>();

        Recorder(boolean v5) {
            super(v5, 1024 * 1024);
        }

        @Override
        protected void onConnack(int reasonCode, int receiveMaximum) {
            seen.add("CONNACK " + reasonCode + " " + receiveMaximum);
        }

        @Override
        protected void onSuback(int packetId, int returnCode) {
            seen.add("SUBACK " + packetId + " " + returnCode);
        }

        @Override
        protected void onPublish(ByteBuf buf, int qos, boolean dup, int packetId, int payloadIndex, int length) {
            seen.add("PUBLISH q" + qos + " id" + packetId + " " + buf.toString(payloadIndex, length,
                    java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        protected void onAck(int type, int packetId, int reasonCode) {
            seen.add("ACK " + type + " " + packetId + " " + reasonCode);
        }

        @Override
        protected void onPingresp() {
            seen.add("PINGRESP");
        }

        @Override
        protected void onDisconnect(int reasonCode) {
            seen.add("DISCONNECT " + reasonCode);
        }
    }

    @Test
    void packetsSplitAcrossReads_areReassembled_v311() {
        Recorder r = new Recorder(false);
        EmbeddedChannel ch = new EmbeddedChannel(r);
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(new byte[] {0x20, 0x02, 0x00, 0x00}); // CONNACK accepted
        byte[] prefix = Packets.publishPrefix("a/b", 1, 4, 5);
        all.writeBytes(prefix).writeShort(7).writeBytes("hello".getBytes());
        Packets.ack(all, Packets.PUBACK, 9);
        all.writeBytes(new byte[] {(byte) 0xD0, 0x00});
        while (all.isReadable()) {
            ch.writeInbound(all.readRetainedSlice(Math.min(3, all.readableBytes())));
        }
        all.release();

        assertThat(r.seen).containsExactly("CONNACK 0 65535", "PUBLISH q1 id7 hello", "ACK 4 9 0", "PINGRESP");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void v5Properties_areSkipped_andReceiveMaximumIsRead() {
        Recorder r = new Recorder(true);
        EmbeddedChannel ch = new EmbeddedChannel(r);
        ByteBuf in = Unpooled.buffer();
        // CONNACK: flags 0, reason 0, properties: Topic Alias Maximum 10 (0x22), Receive Maximum 20 (0x21)
        in.writeBytes(new byte[] {0x20, 0x09, 0x00, 0x00, 0x06, 0x22, 0x00, 0x0A, 0x21, 0x00, 0x14});
        // PUBLISH QoS 0 topic "t", properties: Subscription Identifier 3 (0x0B), payload "x"
        in.writeBytes(new byte[] {0x30, 0x07, 0x00, 0x01, 't', 0x02, 0x0B, 0x03, 'x'});
        // PUBACK with reason 0x10 (no matching subscribers)
        in.writeBytes(new byte[] {0x40, 0x03, 0x00, 0x05, 0x10});
        ch.writeInbound(in);

        assertThat(r.seen).containsExactly("CONNACK 0 20", "PUBLISH q0 id0 x", "ACK 4 5 16");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
