package io.osprey.backend.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT 3.1.1 client for hostile input that polite clients refuse to send (Paho rejects control characters
 * such as a newline in a topic, which MQTT allows): CONNECT with a client id, user name and password, then QoS 1
 * PUBLISHes, each waiting for its PUBACK.
 */
public final class RawMqtt implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private int packetId;

    /** Connects; fails unless the CONNACK says accepted. */
    public RawMqtt(String uri, String clientId, String username, String password) throws IOException {
        URI u = URI.create(uri);
        socket = new Socket(u.getHost(), u.getPort());
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4); // 3.1.1
        int flags = 0x02 | (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
        body.write(flags);
        body.write(0);
        body.write(60); // keep alive
        string(body, clientId);
        if (username != null) {
            string(body, username);
        }
        if (password != null) {
            string(body, password);
        }
        send(0x10, body.toByteArray());
        int type = in.readUnsignedByte();
        int len = in.readUnsignedByte();
        byte[] ack = in.readNBytes(len);
        if (type != 0x20 || ack.length != 2 || ack[1] != 0) {
            throw new IOException("CONNACK refused: type " + type + ", code " + (ack.length > 1 ? ack[1] : -1));
        }
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    public void publish(String topic, byte[] payload) throws IOException {
        int id = ++packetId & 0xFFFF;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        body.write(id >> 8);
        body.write(id & 0xFF);
        body.write(payload);
        send(0x32, body.toByteArray());
        int type = in.readUnsignedByte();
        int len = in.readUnsignedByte();
        byte[] ack = in.readNBytes(len);
        if (type != 0x40 || ((ack[0] & 0xFF) << 8 | (ack[1] & 0xFF)) != id) {
            throw new IOException("expected PUBACK for " + id + ", got type " + type);
        }
    }

    private void send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(header);
        int len = body.length;
        do {
            int b = len % 128;
            len /= 128;
            p.write(len > 0 ? b | 0x80 : b);
        } while (len > 0);
        p.write(body);
        out.write(p.toByteArray());
        out.flush();
    }

    private static void string(ByteArrayOutputStream b, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(bytes.length >> 8);
        b.write(bytes.length & 0xFF);
        b.write(bytes);
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT
        socket.close();
    }
}
