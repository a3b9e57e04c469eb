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
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;

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

    /** An MQTT 5 client that records the reason code of a server DISCONNECT. */
    static final class Client5 implements AutoCloseable {
        final org.eclipse.paho.mqttv5.client.MqttClient paho;
        final CompletableFuture<Integer> disconnectReason = new CompletableFuture<>();

        Client5(String uri, String id) throws Exception {
            paho = new org.eclipse.paho.mqttv5.client.MqttClient(uri, id,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            paho.setCallback(new MqttCallback5Adapter() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    disconnectReason.complete(response.getReturnCode());
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setConnectionTimeout(10);
            paho.connect(o);
        }

        @Override
        public void close() {
            try {
                if (paho.isConnected()) {
                    paho.disconnect();
                }
                paho.close(true);
            } catch (Exception ignored) {
                // cleanup
            }
        }
    }

    static Client5 connect5(String uri, String id) throws Exception {
        return new Client5(uri, id);
    }

    /** Paho 5 needs a no-op adapter for callbacks we do not use. */
    abstract static class MqttCallback5Adapter implements org.eclipse.paho.mqttv5.client.MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties props) {
        }
    }
}
