package io.osprey.plugin.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/** Real MQTT clients (Eclipse Paho, 3.1.1 and 5.0) against a {@link BridgeNode}, closed together at the end. */
final class Clients implements AutoCloseable {

    private final String uri;
    private final List<AutoCloseable> open = new ArrayList<>();

    Clients(String uri) {
        this.uri = uri;
    }

    /** A connected MQTT 3.1.1 client with a clean session. */
    MqttAsyncClient v3(String clientId) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(uri, clientId, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(10_000);
        open.add(() -> {
            if (c.isConnected()) {
                c.disconnectForcibly(100, 100);
            }
            c.close();
        });
        return c;
    }

    /** A connected MQTT 5 client with clean start. */
    org.eclipse.paho.mqttv5.client.MqttAsyncClient v5(String clientId, String username) throws Exception {
        var c = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        if (username != null) {
            o.setUserName(username);
            o.setPassword("secret".getBytes(StandardCharsets.UTF_8));
        }
        c.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int reason, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        });
        c.connect(o).waitForCompletion(10_000);
        open.add(() -> {
            if (c.isConnected()) {
                c.disconnectForcibly(100, 100, false);
            }
            c.close();
        });
        return c;
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        open.clear();
    }
}
