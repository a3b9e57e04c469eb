package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * acl-file on the assembled node: loaded by default with the shipped rules, an edited acl.conf applies at once,
 * and unloading/loading the plugin under publish traffic loses nothing and keeps every client connected.
 */
class AclFileNodeIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("aclfile").start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static int suback(String filter) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(node.mqttUri(), "probe-" + System.nanoTime(), new MemoryPersistence());
        c.connect().waitForCompletion(5000);
        try {
            var t = c.subscribe(filter, 1);
            t.waitForCompletion(5000);
            return t.getGrantedQos()[0];
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                return 128;
            }
            throw e;
        } finally {
            c.disconnect().waitForCompletion(5000);
            c.close();
        }
    }

    @Test
    void shippedRules_editApplies_unloadAndLoadUnderTraffic() throws Exception {
        NodeProcess.Ctl show = node.ctl("acl", "show");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("4 rules from " + node.home().resolve("etc/acl.conf"))
                .contains("{deny, all, subscribe, [\"$SYS/#\", {eq, \"#\"}, {eq, \"+/#\"}]}.");

        Path acl = node.home().resolve("etc/acl.conf");
        Path tmp = node.home().resolve("etc/acl.conf.new");
        Files.writeString(tmp, "{deny, all, subscribe, [\"blocked/#\"]}.\n" + Files.readString(acl));
        Files.move(tmp, acl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.ctl("acl", "show").out().contains("5 rules"));
        assertThat(suback("blocked/x")).isEqualTo(128);
        assertThat(suback("open/x")).isEqualTo(1);

        // traffic: a QoS 1 publisher and a subscriber, across unload and load of the plugin
        try (Mqtt.Client sub = Mqtt.connect(node.mqttUri(), "traffic-sub");
             Mqtt.Client pub = Mqtt.connect(node.mqttUri(), "traffic-pub")) {
            sub.paho.subscribe("traffic/#", 1);
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread publisher = new Thread(() -> {
                try {
                    while (running.get()) {
                        pub.publish("traffic/x", "m" + sent.get(), 1);
                        sent.incrementAndGet();
                        Thread.sleep(2);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            publisher.start();
            Thread.sleep(300);
            assertThat(node.ctl("plugins", "unload", "acl-file").exit()).isZero();
            assertThat(node.ctl("acl", "show").exit()).isNotZero(); // its command left with it
            assertThat(suback("blocked/x")).isEqualTo(1); // acl_nomatch = allow decides now
            Thread.sleep(300);
            assertThat(node.ctl("plugins", "load", "acl-file").exit()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.ctl("acl", "show").exit() == 0);
            assertThat(suback("blocked/x")).isEqualTo(128);
            Thread.sleep(300);
            running.set(false); // not interrupt(): Paho turns it into a failed wait and goes on
            publisher.join(10_000);
            assertThat(failure.get()).isNull();
            assertThat(pub.paho.isConnected()).isTrue();
            assertThat(sub.paho.isConnected()).isTrue();
            int n = sent.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> sub.inbox.size() >= n);
            assertThat(sub.inbox).hasSize(n);
            System.out.printf("[measure] acl-file unload+load under traffic: %d QoS 1 messages, none lost%n", n);
        }
    }
}
