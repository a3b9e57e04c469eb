package io.osprey.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce = sync}: the publisher's PUBACK waits for Kafka's acknowledgement; when Kafka does not answer within
 * {@code produce.sync_timeout}, MQTT 5 publishers get reason 0x80 and MQTT 3.1.1 publishers no PUBACK (so they send
 * again). Kafka "hangs" or "stops" through the test proxy.
 */
class SyncModeIT {

    @TempDir
    Path home;
    private TestKafka kafka;
    private BridgeNode node;
    private Clients clients;
    private String topic;

    private void start(String syncTimeout) throws Exception {
        kafka = TestKafka.get();
        topic = kafka.newTopic("sync", 1);
        node = new BridgeNode(home, "servers", kafka.servers(), "produce", "sync", "produce.sync_timeout", syncTimeout,
                "hook.message.publish.1", "{\"filter\": \"sync/#\", \"topic\": \"" + topic + "\", \"key\": \"${clientid}\"}");
        clients = new Clients(node.uri());
    }

    @AfterEach
    void stop() {
        if (kafka != null) {
            kafka.proxy().resume();
            kafka.proxy().restore();
        }
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private long sent() {
        return node.bridge().counters().get("hook.message.publish.1").sent();
    }

    @Test
    @DisplayName("sync: the PUBACK reaches the device only after Kafka acknowledged the record")
    void puback_arrivesAfterKafkasAck() throws Exception {
        start("20s");
        var pub = clients.v5("dev-1", null);
        // the producer is connected: warm it up with one message
        pub.publish("sync/warmup", "0".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
        assertThat(sent()).isEqualTo(1);

        kafka.proxy().pause();
        CompletableFuture<Long> sentWhenAcked = new CompletableFuture<>();
        IMqttToken token = pub.publish("sync/reading", "42".getBytes(StandardCharsets.UTF_8), 1, false, null,
                new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken t) {
                        sentWhenAcked.complete(sent());
                    }

                    @Override
                    public void onFailure(IMqttToken t, Throwable e) {
                        sentWhenAcked.completeExceptionally(e);
                    }
                });
        Thread.sleep(1500);
        assertThat(token.isComplete()).as("PUBACK while Kafka holds the record").isFalse();
        assertThat(sent()).isEqualTo(1);

        kafka.proxy().resume();
        assertThat(sentWhenAcked.get(10, TimeUnit.SECONDS)).as("records Kafka acknowledged when the PUBACK came")
                .isEqualTo(2);
        assertThat(token.getReasonCodes()).containsExactly(0x10);
        assertThat(kafka.read(topic, 2, Duration.ofSeconds(10))).hasSize(2);
    }

    @Test
    @DisplayName("sync: Kafka down → an MQTT 5 publisher gets PUBACK 0x80 after produce.sync_timeout")
    void kafkaDown_v5PubackCarries0x80AfterTheTimeout() throws Exception {
        start("1s");
        var sub = clients.v5("sub", null);
        sub.subscribe("sync/#", 1).waitForCompletion(5000);
        var pub = clients.v5("dev-2", null);
        pub.publish("sync/warmup", "0".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);

        kafka.proxy().cut();
        long t0 = System.nanoTime();
        IMqttToken token = pub.publish("sync/reading", "43".getBytes(StandardCharsets.UTF_8), 1, false);
        int reason;
        try {
            token.waitForCompletion(10_000);
            reason = token.getReasonCodes()[0];
        } catch (MqttException e) {
            reason = e.getReasonCode();
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(reason).isEqualTo(0x80);
        assertThat(waited).isBetween(900L, 5000L);
        assertThat(node.bridge().counters().get("hook.message.publish.1").failed()).isEqualTo(1);
        // a failed message is not routed either
        assertThat(node.broker.metrics().get("messages.delivered")).isLessThanOrEqualTo(1);
    }

    @Test
    @DisplayName("sync: Kafka down → an MQTT 3.1.1 publisher gets no PUBACK, so it will send again")
    void kafkaDown_v3GetsNoPuback() throws Exception {
        start("1s");
        var pub = clients.v3("dev-3");
        pub.publish("sync/warmup", "0".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);

        kafka.proxy().cut();
        IMqttDeliveryToken token = pub.publish("sync/reading", "44".getBytes(StandardCharsets.UTF_8), 1, false);
        Thread.sleep(3000);
        assertThat(token.isComplete()).isFalse();
        assertThat(node.bridge().counters().get("hook.message.publish.1").failed()).isEqualTo(1);
    }
}
