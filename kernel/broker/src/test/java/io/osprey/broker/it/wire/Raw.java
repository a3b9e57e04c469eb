package io.osprey.broker.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * A raw MQTT connection for wire-level tests: send exact bytes, read whole packets, compare bytes, or decode a
 * server packet with Netty's decoder when its properties matter.
 */
public final class Raw implements AutoCloseable {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private Raw(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public static Raw open(int port) throws IOException {
        return new Raw(port);
    }

    /** Opens, sends {@code connect} and checks the CONNACK is a 3.1.1 success. */
    public static Raw connected(int port, byte[] connect) throws IOException {
        Raw r = new Raw(port);
        r.send(connect);
        byte[] ack = r.read();
        assertThat(ack).as("CONNACK").isNotNull();
        assertThat(ack[0] & 0xFF).isEqualTo(0x20);
        assertThat(ack[3]).as("CONNACK code").isZero();
        return r;
    }

    /** Opens, sends an MQTT 5 {@code connect} and checks the CONNACK reason is 0. */
    public static Raw connected5(int port, byte[] connect) throws IOException {
        Raw r = new Raw(port);
        r.send(connect);
        Decoded ack = r.read5();
        assertThat(ack.type()).isEqualTo("CONNACK");
        assertThat(ack.reasonCode()).isZero();
        return r;
    }

    public Raw send(byte[]... packets) throws IOException {
        for (byte[] p : packets) {
            out.write(p);
        }
        out.flush();
        return this;
    }

    /** The next whole packet, or {@code null} when nothing arrives in time; EOF when the server closed. */
    public byte[] read() throws IOException {
        return read(5000);
    }

    public byte[] read(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            return null;
        }
        if (first < 0) {
            throw new EOFException("connection closed by the server");
        }
        b.write(first);
        int len = 0;
        int mul = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            b.write(digit);
            len += (digit & 0x7F) * mul;
            mul *= 128;
        } while ((digit & 0x80) != 0);
        byte[] body = new byte[len];
        in.readFully(body);
        b.writeBytes(body);
        return b.toByteArray();
    }

    /** Reads and asserts the exact bytes of the next packet. */
    public Raw expect(byte[] packet) throws IOException {
        byte[] got = read();
        assertThat(got).as("expected packet " + P.hex(packet)).isNotNull();
        assertThat(P.hex(got)).isEqualTo(P.hex(packet));
        return this;
    }

    /** Reads the next packet and decodes it as MQTT 5. */
    public Decoded read5() throws IOException {
        return decode(read(), MqttVersion.MQTT_5);
    }

    public Decoded read3() throws IOException {
        return decode(read(), MqttVersion.MQTT_3_1_1);
    }

    /** Nothing arrives within {@code millis}. */
    public void expectNothing(int millis) throws IOException {
        byte[] got = read(millis);
        assertThat(got).as("unexpected packet").isNull();
    }

    /** The server closes the connection within a few seconds (packets before the close are returned). */
    public java.util.List<byte[]> expectClosed() throws IOException {
        java.util.List<byte[]> before = new java.util.ArrayList<>();
        long deadline = System.currentTimeMillis() + 8000;
        while (System.currentTimeMillis() < deadline) {
            try {
                byte[] p = read(500);
                if (p != null) {
                    before.add(p);
                }
            } catch (EOFException | java.net.SocketException e) {
                return before;
            }
        }
        throw new AssertionError("the server did not close the connection");
    }

    /** Expects MQTT 5 DISCONNECT with {@code reason}, then the close. */
    public void expectDisconnect5(int reason) throws IOException {
        java.util.List<byte[]> before = expectClosed();
        assertThat(before).as("a DISCONNECT before the close").isNotEmpty();
        Decoded d = decode(before.get(before.size() - 1), MqttVersion.MQTT_5);
        assertThat(d.type()).isEqualTo("DISCONNECT");
        assertThat(d.reasonCode()).as("DISCONNECT reason").isEqualTo(reason);
    }

    public boolean isOpen() {
        try {
            byte[] p = read(200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static Decoded decode(byte[] packet, MqttVersion version) {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttDecoder(1 << 20));
        ch.attr(VERSION).set(version);
        ch.writeInbound(Unpooled.wrappedBuffer(packet));
        MqttMessage m = ch.readInbound();
        try {
            return Decoded.of(m);
        } finally {
            ReferenceCountUtil.release(m);
            ch.finishAndReleaseAll();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
