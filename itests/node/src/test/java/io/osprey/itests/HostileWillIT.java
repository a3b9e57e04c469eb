package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.connect;
import static io.osprey.itests.AttackSupport.logs;
import static io.osprey.itests.AttackSupport.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import io.osprey.itests.AttackSupport.Raw;
import io.osprey.itests.AttackSupport.Will;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: a client may not publish to {@code secret/#} (the ACL denies it) nor to {@code $SYS}, so it puts its
 * message in its will and drops the connection, letting the broker publish it on its behalf. Wills are checked like
 * a PUBLISH at CONNECT (MQTT 5: CONNACK 0x87; 3.1.1: accepted without the will, which is logged, as EMQX does) and
 * again when published.
 */
class HostileWillIT {

    static NodeProcess node;
    static Raw watcher;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("will");
        AttackSupport.prependAcl(node, "{deny, all, publish, [\"secret/#\"]}.");
        AttackSupport.start(node);
        // a local tool (the shipped ACL lets 127.0.0.1 read everything) watches where the wills would land
        watcher = new Raw(node.mqttPort, "127.0.0.1");
        watcher.send(connect(5, "will-watcher", null, null, null));
        assertThat(watcher.connack()).isZero();
        watcher.send(subscribe(true, 1, "secret/#", "$SYS/forged/#", "later/#", "open/#"));
        assertThat(watcher.read().subackCodes(true)).containsExactly(1, 1, 1, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        watcher.close();
        node.close();
    }

    @AfterEach
    void nothingLeaked() throws Exception {
        watcher.expectNothing(500);
        assertServed(node);
    }

    @Test
    void willOnDeniedTopic_v5IsRefused0x87_v311ConnectsWithoutIt() throws Exception {
        try (Raw v5 = new Raw(node.mqttPort)) {
            v5.send(connect(5, "will-v5", null, null, new Will("secret/w", "leak", 1)));
            assertThat(v5.connack()).isEqualTo(0x87);
            v5.expectClosed();
        }
        Raw v3 = new Raw(node.mqttPort);
        v3.send(connect(4, "will-v3", null, null, new Will("secret/w", "leak", 1)));
        assertThat(v3.connack()).isZero();
        assertServed(node); // during
        v3.close(); // no DISCONNECT: a will would be published now
        await().atMost(Duration.ofSeconds(10)).until(() -> logs(node).contains("Will of client will-v3 on topic "
                + "secret/w dropped: not authorized"));
    }

    @Test
    void willOnSys_v5IsRefused0x87_v311ConnectsWithoutIt() throws Exception {
        try (Raw v5 = new Raw(node.mqttPort, "127.0.0.1")) { // even from the address the ACL trusts with $SYS/#
            v5.send(connect(5, "sys-v5", null, null, new Will("$SYS/forged/state", "offline", 0)));
            assertThat(v5.connack()).isEqualTo(0x87);
        }
        Raw v3 = new Raw(node.mqttPort, "127.0.0.1");
        v3.send(connect(4, "sys-v3", null, null, new Will("$SYS/forged/state", "offline", 0)));
        assertThat(v3.connack()).isZero();
        v3.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> logs(node).contains("Will of client sys-v3 on topic "
                + "$SYS/forged/state dropped: $SYS topics are written by the broker only"));
    }

    @Test
    void willAllowedAtConnect_isCheckedAgainWhenPublished() throws Exception {
        Raw v3 = new Raw(node.mqttPort);
        v3.send(connect(4, "later-v3", null, null, new Will("later/w", "leak", 1)));
        assertThat(v3.connack()).isZero();
        // the operator closes later/# while the client is connected
        Path acl = node.home().resolve("etc/acl.conf");
        Path tmp = node.home().resolve("etc/acl.conf.new");
        Files.writeString(tmp, "{deny, all, publish, [\"later/#\"]}.\n" + Files.readString(acl));
        Files.move(tmp, acl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.ctl("acl", "show").out().contains("later/#"));
        v3.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> logs(node).contains("Will of client later-v3 on topic "
                + "later/w dropped"));
    }

    @Test
    void willOnAnAllowedTopic_isStillPublished() throws Exception {
        Raw v3 = new Raw(node.mqttPort);
        v3.send(connect(4, "open-v3", null, null, new Will("open/w", "gone", 1)));
        assertThat(v3.connack()).isZero();
        v3.close();
        assertThat(watcher.read().publishText(true)).isEqualTo("open/w gone");
    }
}
