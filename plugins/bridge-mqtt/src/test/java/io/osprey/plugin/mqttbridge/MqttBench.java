package io.osprey.plugin.mqttbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import io.osprey.bridge.testkit.LoadRun;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Not a test: the MQTT bridge's throughput in async and sync mode, counted by a subscriber at the remote Mosquitto,
 * and its replay rate after an outage of the remote, counted as the remote's PUBACKs (the bridge's {@code sent}),
 * since a subscriber cannot be there while Mosquitto is down. The load comes from the repository's load tool
 * ({@code bench pub}, QoS 1, MQTT 3.1.1); the bridge forwards with QoS 1.
 * <p>
 * Arguments: {@code <osprey-bench-tool.jar> [publishers=8] [seconds=10]}.
 */
public final class MqttBench {

    private MqttBench() {
    }

    public static void main(String[] args) throws Exception {
        Path tool = Path.of(args[0]);
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("mqtt-bench");
        try (TestMosquitto remote = new TestMosquitto(dir.resolve("mosquitto"), "")) {
            AtomicLong arrived = new AtomicLong();
            MqttClient counter = counter(remote, arrived);
            for (String mode : new String[] {"async", "sync"}) {
                MqttBridgeNode node = new MqttBridgeNode(Files.createDirectories(dir.resolve("osprey-" + mode)));
                try {
                    BridgeComponent c = node.add("bench", "address", "127.0.0.1:" + remote.port(), "produce", mode,
                            "forwards", "bench/#", "reconnect_interval", "200ms");
                    while (!"connected".equals(c.bridge().status().state())) {
                        Thread.sleep(50);
                    }
                    LoadRun.Result r = LoadRun.throughput(tool, node.broker.port(), publishers, seconds, arrived::get);
                    System.out.println("MQTT bridge, produce = " + mode + ": " + r);
                    System.out.println("  load tool: " + r.tool());
                    if (mode.equals("async")) {
                        LoadRun.Result replay = LoadRun.replay(tool, node.broker.port(), publishers, seconds,
                                () -> c.bridge().counters().get("forward bench/#").sent(),
                                () -> c.bridge().status().buffer().records(), LoadRun.unchecked(remote::stop),
                                LoadRun.unchecked(remote::start));
                        System.out.println("MQTT bridge, replay after an outage (Mosquitto start included): "
                                + replay);
                        counter.close(true);
                        counter = counter(remote, arrived);
                    }
                } finally {
                    node.close();
                }
            }
        }
        System.exit(0);
    }

    /** A subscriber at the remote that counts what arrives on bench/#. */
    private static MqttClient counter(TestMosquitto remote, AtomicLong arrived) throws Exception {
        MqttClient counter = new MqttClient("tcp://127.0.0.1:" + remote.port(), "bench-counter",
                new MemoryPersistence());
        counter.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.incrementAndGet();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(65535);
        counter.connect(o);
        counter.subscribe("bench/#", 0);
        return counter;
    }
}
