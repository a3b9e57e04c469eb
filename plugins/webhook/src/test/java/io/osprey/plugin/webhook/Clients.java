package io.osprey.plugin.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Real MQTT clients (Eclipse Paho 3.1.1 and 5) that keep what they receive; closed together. */
final class Clients implements AutoCloseable {

    private final String uri;
    private final List<AutoCloseable> open = new ArrayList<>();

    Clients(String uri) {
        this.uri = uri;
    }

    /** A connected MQTT 3.1.1 client (clean session, no user name). */
    V3 v3(String id) throws Exception {
        V3 c = new V3(uri, id);
        open.add(c);
        return c;
    }

    /** A connected MQTT 5 client with a user name, keep alive 30 s, clean start and no session expiry. */
    V5 v5(String id, String username) throws Exception {
        V5 c = new V5(uri, id, username);
        open.add(c);
        return c;
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

        V3(String uri, String id) throws Exception {
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
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            paho.connect(o);
        }

        void publish(String topic, byte[] payload, int qos) throws Exception {
            paho.publish(topic, payload, qos, false);
        }

        String next() throws InterruptedException {
            return inbox.poll(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            if (paho.isConnected()) {
                paho.disconnect(1000);
            }
            paho.close(true);
        }
    }

    static final class V5 implements AutoCloseable {
        final org.eclipse.paho.mqttv5.client.MqttClient paho;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

        V5(String uri, String id, String username) throws Exception {
            paho = new org.eclipse.paho.mqttv5.client.MqttClient(uri, id,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            paho.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
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
            o.setKeepAliveInterval(30);
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            if (username != null) {
                o.setUserName(username);
            }
            paho.connect(o);
        }

        String next() throws InterruptedException {
            return inbox.poll(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            if (paho.isConnected()) {
                paho.disconnect();
            }
            paho.close(true);
        }
    }
}
