package io.osprey.plugin.authfile;

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
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/** Real MQTT clients (Eclipse Paho 3.1.1 and 5) with credentials; what stays connected is closed together. */
final class Clients implements AutoCloseable {

    private final String uri;
    private final List<MqttClient> open = new ArrayList<>();

    Clients(String uri) {
        this.uri = uri;
    }

    /** The CONNACK return code a 3.1.1 client gets (0: accepted, then disconnected). {@code null}s are left out. */
    int v3(String clientId, String username, String password) throws MqttException {
        MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
        try {
            c.connect(options(username, password));
            c.disconnect(1000);
            return 0;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_EXCEPTION) {
                throw e;
            }
            return e.getReasonCode();
        } finally {
            c.close(true);
        }
    }

    /** The CONNACK reason code an MQTT 5 client gets (0: accepted, then disconnected). */
    int v5(String clientId, String username, String password) throws Exception {
        var c = new org.eclipse.paho.mqttv5.client.MqttClient(uri, clientId,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(10);
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        try {
            c.connect(o);
            c.disconnect();
            return 0;
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode();
        } finally {
            c.close(true);
        }
    }

    /** A connected 3.1.1 client that keeps what it receives. */
    Receiver connected(String clientId, String username, String password) throws MqttException {
        MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
        Receiver r = new Receiver(c);
        c.setCallback(r);
        c.connect(options(username, password));
        open.add(c);
        return r;
    }

    private static MqttConnectOptions options(String username, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(10);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no silent retry with 3.1 when refused
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.toCharArray());
        }
        return o;
    }

    @Override
    public void close() {
        for (MqttClient c : open) {
            try {
                if (c.isConnected()) {
                    c.disconnect(1000);
                }
                c.close(true);
            } catch (MqttException ignored) {
                // test cleanup
            }
        }
    }

    static final class Receiver implements MqttCallback {
        final MqttClient paho;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

        Receiver(MqttClient paho) {
            this.paho = paho;
        }

        String next() throws InterruptedException {
            return inbox.poll(5, TimeUnit.SECONDS);
        }

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
    }
}
