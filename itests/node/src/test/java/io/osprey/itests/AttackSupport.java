package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.osprey.testkit.TestClients;

/**
 * Shared by the hostile-client tests of the assembled node (one class per attack, named {@code Hostile…IT}): a node
 * from the shipped {@code etc/} (plus what a test adds), raw MQTT connections that send exactly the packets an
 * attacker would (real clients refuse to), and the check every attack ends with: the node is alive and other clients
 * are served, a QoS 1 message going round trip.
 */
final class AttackSupport {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private AttackSupport() {
    }

    /** Starts a copy of the distribution; {@code env} are pairs of environment overrides. */
    static NodeProcess start(String name, String... env) throws Exception {
        return start(NodeProcess.copy(name), env);
    }

    static NodeProcess start(NodeProcess node, String... env) throws Exception {
        for (int i = 0; i < env.length; i += 2) {
            node.env().put(env[i], env[i + 1]);
        }
        return node.start();
    }

    /** Puts {@code rules} in front of the shipped {@code etc/acl.conf} rules (before the node starts). */
    static void prependAcl(NodeProcess node, String rules) throws IOException {
        Path acl = node.home().resolve("etc/acl.conf");
        Files.writeString(acl, rules + "\n" + Files.readString(acl));
    }

    /** The node process is alive and other clients are served: a QoS 1 message published by one reaches another. */
    static void assertServed(NodeProcess node) throws Exception {
        assertServed(node, node.mqttUri());
    }

    /** {@link #assertServed(NodeProcess)} through the listener at {@code uri}. */
    static void assertServed(NodeProcess node, String uri) throws Exception {
        assertThat(node.isAlive()).as("node process alive").isTrue();
        int n = SEQ.incrementAndGet();
        try (TestClients clients = new TestClients(uri)) {
            TestClients.V3 sub = clients.v3("bystander-sub-" + n);
            sub.paho.subscribe("bystander/" + n, 1);
            TestClients.V3 pub = clients.v3("bystander-pub-" + n);
            pub.publish("bystander/" + n, "round trip " + n, 1, false);
            assertThat(sub.next()).as("QoS 1 round trip of a bystander")
                    .isEqualTo("bystander/" + n + " round trip " + n);
        }
    }

    /** What the node logged so far ({@code bin/osprey console} logs to its output, {@code start} to the file). */
    static String logs(NodeProcess node) throws IOException {
        return String.join("\n", node.output()) + "\n" + node.log();
    }

    /**
     * Drops the test plugin {@code failing} (authentication, ACL and an API route that throw on purpose) into the
     * node's {@code plugins/} folder and waits until it is loaded.
     */
    static void dropFailingPlugin(NodeProcess node) throws Exception {
        Path jar = Path.of(System.getProperty("osprey.failing.jar"));
        Files.copy(jar, node.home().resolve("plugins/failing.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> node.ctl("plugins", "list").out().matches("(?s).*failing\\s+\\S+\\s+loaded.*"));
    }

    // ---- raw HTTP to the management API ---------------------------------------------------------------------

    /** An HTTP answer: status code and body. */
    record Http(int status, String body) {
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One request to the node's management API over a plain socket, so that every header (Host, Origin,
     * Content-Length) is exactly what an attacker would send.
     *
     * @param host  the Host header, or {@code null} for the API's own address
     * @param extra more header lines; one starting with a newline is the body
     */
    static Http http(NodeProcess node, String method, String path, String host, String auth, String... extra)
            throws IOException {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        req.append("Host: ").append(host != null ? host : "127.0.0.1:" + node.managementPort).append("\r\n");
        if (auth != null) {
            req.append("Authorization: ").append(auth).append("\r\n");
        }
        String body = "";
        for (String h : extra) {
            if (h.startsWith("\n")) {
                body = h.substring(1);
                req.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
            } else {
                req.append(h).append("\r\n");
            }
        }
        req.append("Connection: close\r\n\r\n").append(body);
        try (Socket s = new Socket("127.0.0.1", node.managementPort)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(b);
            } catch (SocketException reset) {
                // closed by the node after its answer
            }
            String all = b.toString(StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            return new Http(Integer.parseInt(all.substring(9, 12)), all.substring(split + 4));
        }
    }

    // ---- raw MQTT ---------------------------------------------------------------------------------------------

    /** A will for {@link #connect}. */
    record Will(String topic, String payload, int qos) {
    }

    /**
     * A CONNECT packet.
     *
     * @param level 4 (3.1.1), 5, or with the bridge bit (0x84)
     * @param username {@code null} for none; {@code password} likewise
     */
    static byte[] connect(int level, String clientId, String username, String password, Will will) {
        boolean v5 = (level & 0x7F) == 5;
        Buf b = new Buf().str("MQTT").u8(level);
        int flags = 0x02;
        if (will != null) {
            flags |= 0x04 | (will.qos() << 3);
        }
        if (username != null) {
            flags |= 0x80;
        }
        if (password != null) {
            flags |= 0x40;
        }
        b.u8(flags).u16(60);
        if (v5) {
            b.u8(0); // no properties
        }
        b.str(clientId);
        if (will != null) {
            if (v5) {
                b.u8(0);
            }
            b.str(will.topic()).bin(will.payload().getBytes(StandardCharsets.UTF_8));
        }
        if (username != null) {
            b.str(username);
        }
        if (password != null) {
            b.bin(password.getBytes(StandardCharsets.UTF_8));
        }
        return packet(0x10, b.bytes());
    }

    static byte[] subscribe(boolean v5, int packetId, String... filters) {
        Buf b = new Buf().u16(packetId);
        if (v5) {
            b.u8(0);
        }
        for (String f : filters) {
            b.str(f).u8(1);
        }
        return packet(0x82, b.bytes());
    }

    static byte[] publish(boolean v5, int qos, String topic, int packetId, String payload) {
        Buf b = new Buf().str(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        if (v5) {
            b.u8(0);
        }
        b.raw(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30 | (qos << 1), b.bytes());
    }

    static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int len = body.length;
        do {
            int digit = len % 128;
            len /= 128;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * An address on loopback that the shipped {@code acl.conf} does not trust: its rule for local tools names
     * 127.0.0.1 only, so a client connecting from here is treated like any remote client.
     */
    static final String REMOTE = "127.0.0.5";

    /** A raw MQTT connection: send bytes, read whole packets (type byte and body). */
    static final class Raw implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        /** A connection from {@link #REMOTE}, as an untrusted client. */
        Raw(int port) throws IOException {
            this(port, REMOTE);
        }

        Raw(int port, String fromAddress) throws IOException {
            socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                    java.net.InetAddress.getByName(fromAddress), 0);
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Raw send(byte[]... packets) throws IOException {
            for (byte[] p : packets) {
                out.write(p);
            }
            out.flush();
            return this;
        }

        /** The next packet, {@code null} when nothing came within {@code millis}; EOF when the server closed. */
        Packet read(int millis) throws IOException {
            socket.setSoTimeout(millis);
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (first < 0) {
                throw new EOFException("closed by the server");
            }
            int len = 0;
            int mul = 1;
            int digit;
            do {
                digit = in.readUnsignedByte();
                len += (digit & 0x7F) * mul;
                mul *= 128;
            } while ((digit & 0x80) != 0);
            byte[] body = new byte[len];
            in.readFully(body);
            return new Packet(first, body);
        }

        Packet read() throws IOException {
            Packet p = read(10_000);
            assertThat(p).as("a packet from the node").isNotNull();
            return p;
        }

        /** The CONNACK reason code (0: accepted). */
        int connack() throws IOException {
            Packet p = read();
            assertThat(p.type()).as("CONNACK").isEqualTo(2);
            return p.body()[1] & 0xFF;
        }

        /** Nothing arrives within {@code millis} (the connection may stay open). */
        void expectNothing(int millis) throws IOException {
            assertThat(read(millis)).as("no packet").isNull();
        }

        /** The node closes the connection; the packets it sent before are returned. */
        List<Packet> expectClosed() throws IOException {
            List<Packet> before = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                try {
                    Packet p = read(500);
                    if (p != null) {
                        before.add(p);
                    }
                } catch (EOFException | SocketException e) {
                    return before;
                }
            }
            throw new AssertionError("the node did not close the connection");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A packet as read: its first byte's type (upper nibble) and body. */
    record Packet(int firstByte, byte[] body) {
        int type() {
            return firstByte >> 4;
        }

        /** PUBACK/PUBREC reason code (MQTT 5; 0 when the packet has none). */
        int ackReason() {
            return body.length > 2 ? body[2] & 0xFF : 0;
        }

        /** SUBACK codes, after the packet id and (MQTT 5) the properties. */
        List<Integer> subackCodes(boolean v5) {
            int i = v5 ? skipProperties(2) : 2;
            List<Integer> codes = new ArrayList<>();
            for (; i < body.length; i++) {
                codes.add(body[i] & 0xFF);
            }
            return codes;
        }

        /** The index after the MQTT 5 property block that starts at {@code i} (its variable-length size first). */
        private int skipProperties(int i) {
            int props = 0;
            int mul = 1;
            int digit;
            do {
                digit = body[i++] & 0xFF;
                props += (digit & 0x7F) * mul;
                mul *= 128;
            } while ((digit & 0x80) != 0);
            return i + props;
        }

        /** A PUBLISH's topic and payload as {@code "topic payload"}. */
        String publishText(boolean v5) {
            int tl = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            String topic = new String(body, 2, tl, StandardCharsets.UTF_8);
            int qos = (firstByte >> 1) & 3;
            int i = 2 + tl + (qos > 0 ? 2 : 0);
            if (v5) {
                i = skipProperties(i);
            }
            return topic + " " + new String(body, i, body.length - i, StandardCharsets.UTF_8);
        }
    }

    /** Big-endian MQTT fields. */
    private static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u8(int v) {
            out.write(v);
            return this;
        }

        Buf u16(int v) {
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        Buf str(String s) {
            return bin(s.getBytes(StandardCharsets.UTF_8));
        }

        Buf bin(byte[] b) {
            u16(b.length);
            out.writeBytes(b);
            return this;
        }

        Buf raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
