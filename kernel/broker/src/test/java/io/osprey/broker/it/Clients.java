package io.osprey.broker.it;

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

/** Paho 3.1.1 clients that record what they receive, for tests. */
public final class Clients {

    private Clients() {
    }

    /** A received message with its topic. */
    public record Received(String topic, MqttMessage message) {
        public String payload() {
            return new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A connected 3.1.1 client with an inbox. */
    public static final class V3 implements AutoCloseable {
        public final MqttClient client;
        public final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        public volatile Throwable lost;

        V3(String uri, String clientId, MqttConnectOptions options) throws MqttException {
            client = new MqttClient(uri, clientId, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost = cause;
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.add(new Received(topic, message));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            client.connect(options);
        }

        public Received next() throws InterruptedException {
            return inbox.poll(5, TimeUnit.SECONDS);
        }

        public Received poll(long millis) throws InterruptedException {
            return inbox.poll(millis, TimeUnit.MILLISECONDS);
        }

        public void publish(String topic, String payload, int qos, boolean retain) throws MqttException {
            client.publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), qos, retain);
        }

        public void subscribe(String filter, int qos) throws MqttException {
            client.subscribe(filter, qos);
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
            } catch (MqttException ignored) {
                // test cleanup
            }
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // test cleanup
            }
        }
    }

    public static V3 v3(TestBroker b, String clientId) throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        return new V3(b.uri(), clientId, o);
    }

    public static V3 v3(TestBroker b, String clientId, MqttConnectOptions o) throws MqttException {
        return new V3(b.uri(), clientId, o);
    }

    public static MqttConnectOptions persistent() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        return o;
    }

    public static List<String> payloads(BlockingQueue<Received> inbox) {
        return inbox.stream().map(Received::payload).toList();
    }
}
