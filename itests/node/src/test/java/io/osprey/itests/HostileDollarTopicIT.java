package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.connect;
import static io.osprey.itests.AttackSupport.publish;
import static io.osprey.itests.AttackSupport.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import io.osprey.itests.AttackSupport.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: with the shipped {@code acl_nomatch = allow} and {@code {allow, all}}, a client publishes into the
 * reserved {@code $} space ({@code $SYS}, or {@code $internal/…} where other tools take commands). A {@code $} topic
 * needs a rule that names it; {@code $SYS} is the broker's alone. MQTT 5 gets PUBACK 0x87.
 */
class HostileDollarTopicIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = AttackSupport.start("dollar");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void publishToDollarTopics_isRefused_untilARuleNamesThem() throws Exception {
        try (Raw watcher = new Raw(node.mqttPort, "127.0.0.1"); Raw attacker = new Raw(node.mqttPort);
             Raw local = new Raw(node.mqttPort, "127.0.0.1")) {
            watcher.send(connect(5, "dollar-watcher", null, null, null));
            assertThat(watcher.connack()).isZero();
            watcher.send(subscribe(true, 1, "$internal/#", "$SYS/forged/#"));
            assertThat(watcher.read().subackCodes(true)).containsExactly(1, 1);

            attacker.send(connect(5, "dollar-attacker", null, null, null));
            assertThat(attacker.connack()).isZero();
            attacker.send(publish(true, 1, "$internal/cmd", 1, "reboot"));
            assertThat(attacker.read().ackReason()).isEqualTo(0x87);
            attacker.send(publish(true, 1, "$SYS/forged/x", 2, "lie"));
            assertThat(attacker.read().ackReason()).isEqualTo(0x87);
            // even the address the ACL trusts with "#": a wildcard does not name $ topics
            local.send(connect(5, "dollar-local", "ops", null, null));
            assertThat(local.connack()).isZero();
            local.send(publish(true, 1, "$internal/cmd", 1, "reboot"));
            assertThat(local.read().ackReason()).isEqualTo(0x87);
            watcher.expectNothing(500);
            assertServed(node); // during

            // the operator names the topic for one user: now it is allowed, for that user only
            Path acl = node.home().resolve("etc/acl.conf");
            Path tmp = node.home().resolve("etc/acl.conf.new");
            Files.writeString(tmp, "{allow, {user, \"ops\"}, publish, [\"$internal/#\"]}.\n" + Files.readString(acl));
            Files.move(tmp, acl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.ctl("acl", "show").out()
                    .contains("$internal/#"));
            local.send(publish(true, 1, "$internal/cmd", 2, "reboot"));
            assertThat(local.read().ackReason()).isZero();
            assertThat(watcher.read().publishText(true)).isEqualTo("$internal/cmd reboot");
            attacker.send(publish(true, 1, "$internal/cmd", 3, "reboot"));
            assertThat(attacker.read().ackReason()).isEqualTo(0x87);
        }
        assertServed(node);
    }
}
