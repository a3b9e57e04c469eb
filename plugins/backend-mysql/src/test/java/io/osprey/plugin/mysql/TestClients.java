package io.osprey.plugin.mysql;

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
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Real MQTT 3.1.1 clients (Eclipse Paho) that remember what they receive; closed together. */
final class TestClients implements AutoCloseable {

    private final String uri;
    private final List<Client> open = new ArrayList<>();

    TestClients(String uri) {
        this.uri = uri;
    }

    Client connect(String id) throws MqttException {
        return connect(id, null, null, true);
    }

    /** A connected client; {@code cleanSession = false} keeps its session when it disconnects. */
    Client connect(String id, String username, String password, boolean cleanSession) throws MqttException {
        Client c = new Client(uri, id, username, password, cleanSession);
        open.add(c);
        return c;
    }

    /** The CONNACK code a client gets (0 when accepted; it is then disconnected again). */
    int connack(String id, String username, String password) {
        try (Client c = new Client(uri, id, username, password, true)) {
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    @Override
    public void close() {
        for (Client c : open) {
            c.close();
        }
        open.clear();
    }

    static final class Client implements AutoCloseable {
        final MqttClient paho;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

        Client(String uri, String id, String username, String password, boolean cleanSession) throws MqttException {
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

        void publish(String topic, String payload, int qos, boolean retain) throws MqttException {
            paho.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
        }

        /** The next message as "topic payload", or {@code null} after {@code seconds}. */
        String next(double seconds) throws InterruptedException {
            return inbox.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            try {
                if (paho.isConnected()) {
                    paho.disconnect(1000);
                }
                paho.close(true);
            } catch (MqttException ignored) {
                // test cleanup
            }
        }
    }
}
