package io.osprey.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Real MQTT clients (Eclipse Paho 3.1.1 and 5) for tests against a running broker: each keeps what it receives as
 * {@code "topic payload"} lines, and all that one instance opened are closed together.
 *
 * <p>The {@code connack…} methods tell what a broker answers to a CONNECT: 0 when accepted (the client is closed
 * again at once), else the CONNACK code. A client that could not even try (a failure before any CONNACK) is an error,
 * never a 0, so a broken test set-up cannot pass for an accepted connection.
 */
public final class TestClients implements AutoCloseable {

    /** How long {@link V3#next()} and {@link V5#next()} wait for a message. */
    public static final double DEFAULT_WAIT_SECONDS = 5;

    private final String uri;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** @param uri the broker, e.g. {@code tcp://127.0.0.1:1883} */
    public TestClients(String uri) {
        this.uri = uri;
    }

    /** A connected MQTT 3.1.1 client with a clean session and no user name. */
    public V3 v3(String clientId) throws MqttException {
        return v3(clientId, null, null, true);
    }

    /**
     * A connected MQTT 3.1.1 client; {@code null} user name or password are left out, and {@code cleanSession =
     * false} keeps its session when it disconnects.
     */
    public V3 v3(String clientId, String username, String password, boolean cleanSession) throws MqttException {
        V3 c = new V3(uri, clientId, username, password, cleanSession);
        open.add(c);
        return c;
    }

    /** A connected MQTT 5 client with clean start and no session expiry. */
    public V5 v5(String clientId) throws org.eclipse.paho.mqttv5.common.MqttException {
        return v5(clientId, null, null, 0);
    }

    /** A connected MQTT 5 client; {@code sessionExpiry} seconds &gt; 0 keeps its session after it disconnects. */
    public V5 v5(String clientId, long sessionExpiry) throws org.eclipse.paho.mqttv5.common.MqttException {
        return v5(clientId, null, null, sessionExpiry);
    }

    /** A connected MQTT 5 client with a user name (or none, for {@code null}) and no password. */
    public V5 v5(String clientId, String username) throws org.eclipse.paho.mqttv5.common.MqttException {
        return v5(clientId, username, null, 0);
    }

    /** A connected MQTT 5 client; clean start unless {@code sessionExpiry} keeps a session. */
    public V5 v5(String clientId, String username, String password, long sessionExpiry)
            throws org.eclipse.paho.mqttv5.common.MqttException {
        V5 c = new V5(uri, clientId, username, password, sessionExpiry);
        open.add(c);
        return c;
    }

    /** The CONNACK code a 3.1.1 client without credentials gets (0: accepted). */
    public int connackV3(String clientId) {
        return connackV3(clientId, null, null);
    }

    /** The CONNACK code a 3.1.1 client gets (0: accepted). */
    public int connackV3(String clientId, String username, String password) {
        try (V3 c = new V3(uri, clientId, username, password, true)) {
            return 0;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_EXCEPTION) {
                throw new IllegalStateException("the client failed before any CONNACK", e);
            }
            return e.getReasonCode();
        }
    }

    /** The CONNACK reason code an MQTT 5 client without credentials gets (0: accepted). */
    public int connackV5(String clientId) {
        return connackV5(clientId, null, null, 0);
    }

    /** The CONNACK reason code an MQTT 5 client asking for a session of {@code sessionExpiry} s gets. */
    public int connackV5(String clientId, long sessionExpiry) {
        return connackV5(clientId, null, null, sessionExpiry);
    }

    /** The CONNACK reason code an MQTT 5 client gets (0: accepted). */
    public int connackV5(String clientId, String username, String password) {
        return connackV5(clientId, username, password, 0);
    }

    private int connackV5(String clientId, String username, String password, long sessionExpiry) {
        try (V5 c = new V5(uri, clientId, username, password, sessionExpiry)) {
            return 0;
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            if (e.getReasonCode() == org.eclipse.paho.mqttv5.common.MqttException.REASON_CODE_CLIENT_EXCEPTION) {
                throw new IllegalStateException("the client failed before any CONNACK", e);
            }
            return e.getReasonCode();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // test cleanup: the broker may have closed it already
            }
        }
        open.clear();
    }

    private static String line(String topic, byte[] payload) {
        return topic + " " + new String(payload, StandardCharsets.UTF_8);
    }

    /** A connected MQTT 3.1.1 client. */
    public static final class V3 implements AutoCloseable {
        /** The Paho client, for what this class does not wrap. */
        public final MqttClient paho;
        /** What arrived, as {@code "topic payload"}. */
        public final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

        V3(String uri, String clientId, String username, String password, boolean cleanSession)
                throws MqttException {
            paho = new MqttClient(uri, clientId, new MemoryPersistence());
            paho.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.add(line(topic, message.getPayload()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setConnectionTimeout(10);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no silent retry with 3.1 when refused
            o.setCleanSession(cleanSession);
            o.setMaxInflight(1000);
            if (username != null) {
                o.setUserName(username);
            }
            if (password != null) {
                o.setPassword(password.toCharArray());
            }
            try {
                paho.connect(o);
            } catch (MqttException e) {
                paho.close(true);
                throw e;
            }
        }

        public void publish(String topic, byte[] payload, int qos) throws MqttException {
            paho.publish(topic, payload, qos, false);
        }

        public void publish(String topic, String payload, int qos, boolean retain) throws MqttException {
            paho.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
        }

        /** The next message as {@code "topic payload"}, or {@code null} after {@value #DEFAULT_WAIT_SECONDS} s. */
        public String next() throws InterruptedException {
            return next(DEFAULT_WAIT_SECONDS);
        }

        /** The next message as {@code "topic payload"}, or {@code null} after {@code seconds}. */
        public String next(double seconds) throws InterruptedException {
            return inbox.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws MqttException {
            if (paho.isConnected()) {
                paho.disconnect(1000);
            }
            paho.close(true);
        }
    }

    /** A connected MQTT 5 client. */
    public static final class V5 implements AutoCloseable {
        /** The Paho client, for what this class does not wrap. */
        public final org.eclipse.paho.mqttv5.client.MqttClient paho;
        /** What arrived, as {@code "topic payload"}. */
        public final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        /** The reason code of a DISCONNECT from the broker, once one came. */
        public final CompletableFuture<Integer> disconnectReason = new CompletableFuture<>();

        V5(String uri, String clientId, String username, String password, long sessionExpiry)
                throws org.eclipse.paho.mqttv5.common.MqttException {
            paho = new org.eclipse.paho.mqttv5.client.MqttClient(uri, clientId,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            paho.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    disconnectReason.complete(response.getReturnCode());
                }

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                    inbox.add(line(topic, message.getPayload()));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverUri) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setConnectionTimeout(10);
            o.setKeepAliveInterval(30);
            o.setCleanStart(sessionExpiry == 0);
            o.setSessionExpiryInterval(sessionExpiry);
            if (username != null) {
                o.setUserName(username);
            }
            if (password != null) {
                o.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
            try {
                paho.connect(o);
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                paho.close(true);
                throw e;
            }
        }

        /** The next message as {@code "topic payload"}, or {@code null} after {@value #DEFAULT_WAIT_SECONDS} s. */
        public String next() throws InterruptedException {
            return inbox.poll((long) (DEFAULT_WAIT_SECONDS * 1000), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws org.eclipse.paho.mqttv5.common.MqttException {
            if (paho.isConnected()) {
                paho.disconnect();
            }
            paho.close(true);
        }
    }
}
