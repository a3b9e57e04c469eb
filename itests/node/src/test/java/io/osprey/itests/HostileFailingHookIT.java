package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.connect;
import static io.osprey.itests.AttackSupport.publish;
import static io.osprey.itests.AttackSupport.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.itests.AttackSupport.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: a client sends what makes an authentication or ACL plugin throw (here the test plugin {@code failing},
 * dropped into {@code plugins/}, throws for user names {@code boom…} and topics {@code boom/…}), hoping the broker
 * treats the failure as "no opinion" and lets {@code allow_anonymous = true} and {@code acl_nomatch = allow} wave it
 * through. Failing access hooks deny: CONNACK 0x88 (3.1.1: 0x03), PUBACK and SUBACK 0x87.
 */
class HostileFailingHookIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = AttackSupport.start("failing-hook");
        AttackSupport.dropFailingPlugin(node);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void throwingAuthenticationAndAcl_deny() throws Exception {
        try (Raw v5 = new Raw(node.mqttPort)) {
            v5.send(connect(5, "boom-5", "boom-5", "x", null));
            assertThat(v5.connack()).as("server unavailable, not anonymous").isEqualTo(0x88);
        }
        try (Raw v3 = new Raw(node.mqttPort)) {
            v3.send(connect(4, "boom-3", "boom-3", "x", null));
            assertThat(v3.connack()).isEqualTo(0x03);
        }
        try (Raw c = new Raw(node.mqttPort)) {
            c.send(connect(5, "acl-prober", null, null, null));
            assertThat(c.connack()).isZero();
            c.send(publish(true, 1, "boom/x", 1, "x"));
            assertThat(c.read().ackReason()).isEqualTo(0x87);
            c.send(subscribe(true, 2, "boom/#"));
            assertThat(c.read().subackCodes(true)).containsExactly(0x87);
            assertServed(node); // during
        }
        NodeProcess.Ctl plugins = node.ctl("plugins", "list", "--verbose");
        assertThat(plugins.out()).contains("failing");
        assertThat(AttackSupport.logs(node)).contains("Hook client.authenticate of plugin failing failed; denied");
        assertServed(node);
    }
}
