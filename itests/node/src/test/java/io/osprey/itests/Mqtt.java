package io.osprey.itests;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Real MQTT clients (Eclipse Paho) for black-box tests. */
final class Mqtt {

    private Mqtt() {
    }

    /** A 3.1.1 client whose received payloads land in {@link #inbox}. */
    static final class Client implements AutoCloseable {
        final MqttClient paho;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        volatile Throwable lost;

        Client(String uri, String id) throws Exception {
            paho = new MqttClient(uri, id, new MemoryPersistence());
            paho.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost = cause;
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setConnectionTimeout(10);
            paho.connect(o);
        }

        String next(long seconds) throws InterruptedException {
            return inbox.poll(seconds, TimeUnit.SECONDS);
        }

        void publish(String topic, String payload, int qos) throws Exception {
            paho.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
        }

        @Override
        public void close() {
            try {
                if (paho.isConnected()) {
                    paho.disconnect(1000);
                }
                paho.close(true);
            } catch (Exception ignored) {
                // cleanup
            }
        }
    }

    static Client connect(String uri, String id) throws Exception {
        return new Client(uri, id);
    }

    /**
     * A minimal MQTT 5 session over a plain socket that records the reason code of a server DISCONNECT. It reads the
     * stream in order on one thread, so "DISCONNECT then close" is never mistaken for "connection lost" (Paho's
     * sender and receiver threads race on that: a lost connection can be reported first, with reason 0).
     */
    static final class Client5 implements AutoCloseable {
        /** The reason code of the server's DISCONNECT, or -1 if the connection ended without one. */
        final CompletableFuture<Integer> disconnectReason = new CompletableFuture<>();
        private final java.net.Socket socket;

        Client5(String uri, String id) throws Exception {
            java.net.URI u = java.net.URI.create(uri);
            socket = new java.net.Socket(u.getHost(), u.getPort());
            socket.setSoTimeout(15_000);
            byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60, 0}); // clean start, keep-alive 60 s
            body.write(idBytes.length >> 8);
            body.write(idBytes.length);
            body.writeBytes(idBytes);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(0x10);
            writeLength(out, body.size());
            body.writeTo(out);
            out.flush();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            int type = in.readUnsignedByte();
            byte[] connack = new byte[readLength(in)];
            in.readFully(connack);
            if (type != 0x20 || connack[1] != 0) {
                socket.close();
                throw new java.io.IOException("CONNECT refused: packet " + type + ", reason " + (connack[1] & 0xFF));
            }
            Thread reader = new Thread(() -> readUntilDisconnect(in), "v5-reader-" + id);
            reader.setDaemon(true);
            reader.start();
        }

        private void readUntilDisconnect(java.io.DataInputStream in) {
            try {
                while (true) {
                    int type = in.readUnsignedByte();
                    byte[] packet = new byte[readLength(in)];
                    in.readFully(packet);
                    if ((type & 0xF0) == 0xE0) {
                        disconnectReason.complete(packet.length == 0 ? 0 : packet[0] & 0xFF);
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                disconnectReason.complete(-1);
            }
        }

        private static void writeLength(java.io.OutputStream out, int length) throws java.io.IOException {
            do {
                int b = length % 128;
                length /= 128;
                out.write(length > 0 ? b | 0x80 : b);
            } while (length > 0);
        }

        private static int readLength(java.io.DataInputStream in) throws java.io.IOException {
            int value = 0;
            for (int shift = 0; shift < 28; shift += 7) {
                int b = in.readUnsignedByte();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new java.io.IOException("malformed remaining length");
        }

        @Override
        public void close() {
            try {
                if (!disconnectReason.isDone()) {
                    socket.getOutputStream().write(new byte[] {(byte) 0xE0, 0});
                }
                socket.close();
            } catch (java.io.IOException ignored) {
                // cleanup
            }
        }
    }

    static Client5 connect5(String uri, String id) throws Exception {
        return new Client5(uri, id);
    }
}
