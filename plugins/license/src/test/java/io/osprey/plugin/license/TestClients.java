package io.osprey.plugin.license;

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

/** Real MQTT clients (Eclipse Paho 3.1.1 and 5) that remember what they receive; closed together. */
final class TestClients implements AutoCloseable {

    private final String uri;
    private final List<AutoCloseable> open = new ArrayList<>();

    TestClients(String uri) {
        this.uri = uri;
    }

    /** A connected MQTT 3.1.1 client. */
    V3 v3(String id) throws MqttException {
        V3 c = new V3(uri, id);
        open.add(c);
        return c;
    }

    /** A connected MQTT 5 client; {@code sessionExpiry} seconds &gt; 0 keeps its session after it disconnects. */
    V5 v5(String id, long sessionExpiry) throws org.eclipse.paho.mqttv5.common.MqttException {
        V5 c = new V5(uri, id, sessionExpiry);
        open.add(c);
        return c;
    }

    V5 v5(String id) throws org.eclipse.paho.mqttv5.common.MqttException {
        return v5(id, 0);
    }

    /** The CONNACK code a 3.1.1 client gets (0 when accepted; the client is then closed again). */
    int connackV3(String id) {
        try (V3 c = new V3(uri, id)) {
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** The CONNACK reason a 5.0 client gets (0 when accepted; the client is then closed again). */
    int connackV5(String id, long sessionExpiry) {
        try (V5 c = new V5(uri, id, sessionExpiry)) {
            return 0;
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode();
        }
    }

    int connackV5(String id) {
        return connackV5(id, 0);
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // test cleanup
            }
        }
    }

    static final class V3 implements AutoCloseable {
        final MqttClient paho;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

        V3(String uri, String id) throws MqttException {
            paho = new MqttClient(uri, id, new MemoryPersistence());
            paho.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setConnectionTimeout(10);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no silent retry with 3.1 when refused
            try {
                paho.connect(o);
            } catch (MqttException e) {
                paho.close(true);
                throw e;
            }
        }

        String next() throws InterruptedException {
            return inbox.poll(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws MqttException {
            if (paho.isConnected()) {
                paho.disconnect(1000);
            }
            paho.close(true);
        }
    }

    static final class V5 implements AutoCloseable {
        final org.eclipse.paho.mqttv5.client.MqttClient paho;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> disconnectReason = new CompletableFuture<>();

        V5(String uri, String id, long sessionExpiry) throws org.eclipse.paho.mqttv5.common.MqttException {
            paho = new org.eclipse.paho.mqttv5.client.MqttClient(uri, id,
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
                    inbox.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setConnectionTimeout(10);
            o.setCleanStart(sessionExpiry == 0);
            o.setSessionExpiryInterval(sessionExpiry);
            try {
                paho.connect(o);
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                paho.close(true);
                throw e;
            }
        }

        String next() throws InterruptedException {
            return inbox.poll(5, TimeUnit.SECONDS);
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
