package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.connect;
import static io.osprey.itests.AttackSupport.publish;
import static io.osprey.itests.AttackSupport.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import io.osprey.itests.AttackSupport.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: a client sets the bridge bit in CONNECT's protocol level (0x84, as Mosquitto bridges do) to be treated as
 * a bridge and write {@code $SYS} topics that monitoring trusts. The bit alone grants nothing: only a listener with
 * {@code bridges = on} (or an authenticator) makes a bridge.
 */
class HostileBridgeBitIT {

    static NodeProcess node;
    static int bridgePort;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("bridge-bit");
        bridgePort = NodeProcess.freePort();
        // a listener for bridges only, as an operator would add one (on a private address in real life)
        Files.writeString(node.home().resolve("etc/osprey.listener-bridges.cfg"),
                "bind = 127.0.0.1:" + bridgePort + "\nbridges = on\n");
        AttackSupport.start(node);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void forgedBridgeBit_isAPlainClient_andCannotWriteSys() throws Exception {
        try (Raw watcher = new Raw(node.mqttPort, "127.0.0.1"); Raw forged = new Raw(node.mqttPort, "127.0.0.1")) {
            watcher.send(connect(5, "sys-watcher", null, null, null));
            assertThat(watcher.connack()).isZero();
            watcher.send(subscribe(true, 1, "$SYS/brokers/+/uptime", "$SYS/remote/#"));
            assertThat(watcher.read().subackCodes(true)).containsExactly(1, 1);
            while (watcher.read(300) != null) {
                // the retained uptime of the node itself
            }

            forged.send(connect(0x84, "forged-bridge", null, null, null));
            assertThat(forged.connack()).as("accepted, as a plain client").isZero();
            assertThat(node.ctl("clients", "show", "forged-bridge", "--json").out())
                    .contains("\"is_bridge\" : false");
            forged.send(publish(false, 1, "$SYS/brokers/osprey@127.0.0.1/uptime", 1, "0 seconds"));
            assertThat(forged.read().type()).as("PUBACK (3.1.1 cannot say no)").isEqualTo(4);
            watcher.expectNothing(500);
            assertServed(node); // during

            // the same packets on the bridges listener: a bridge, relaying $SYS that the ACL allows it
            try (Raw bridge = new Raw(bridgePort, "127.0.0.1")) {
                bridge.send(connect(0x84, "real-bridge", null, null, null));
                assertThat(bridge.connack()).isZero();
                assertThat(node.ctl("clients", "show", "real-bridge", "--json").out())
                        .contains("\"is_bridge\" : true");
                bridge.send(publish(false, 1, "$SYS/remote/other-broker/uptime", 1, "42 seconds"));
                assertThat(bridge.read().type()).isEqualTo(4);
                assertThat(watcher.read().publishText(true)).isEqualTo("$SYS/remote/other-broker/uptime 42 seconds");
            }
        }
        assertServed(node);
    }
}
