package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.connect;
import static io.osprey.itests.AttackSupport.logs;
import static io.osprey.itests.AttackSupport.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.osprey.itests.AttackSupport.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: on a listener behind a load balancer ({@code proxy_protocol = on}) a client writes a PROXY header itself,
 * claiming to come from 127.0.0.1, which the shipped ACL trusts with everything. Headers are believed only from
 * {@code proxy_protocol_trusted} (loopback by default: the load balancer); anyone else is closed before a byte is
 * read, counted as {@code proxy_untrusted} and logged.
 */
class HostileProxyHeaderIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = AttackSupport.start("proxy", "OSPREY_LISTENER_TCP__PROXY_PROTOCOL", "on");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static byte[] proxyV1(String source) {
        return ("PROXY TCP4 " + source + " 127.0.0.1 50000 1883\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void forgedHeaderFromAnUntrustedPeer_isClosed_headerFromTheLoadBalancer_isBelieved() throws Exception {
        String internal = "tcp://127.0.0.1:" + node.internalPort;
        try (Raw attacker = new Raw(node.mqttPort)) { // from 127.0.0.5: not a load balancer
            try {
                attacker.send(proxyV1("127.0.0.1"), connect(4, "forger", null, null, null));
            } catch (java.net.SocketException closedAlready) {
                // closed at accept, maybe before the write
            }
            assertThat(attacker.expectClosed()).as("no CONNACK").isEmpty();
        }
        assertServed(node, internal); // during
        await().atMost(Duration.ofSeconds(10)).until(() -> node.ctl("listeners").out().contains("proxy_untrusted=1"));
        assertThat(logs(node)).contains("closed a connection from 127.0.0.5: it expects PROXY protocol headers only "
                + "from the addresses in proxy_protocol_trusted");

        // the load balancer (on loopback here) forwards a remote client: its address is the one in the header
        try (Raw viaLb = new Raw(node.mqttPort, "127.0.0.1")) {
            viaLb.send(proxyV1("203.0.113.9"), connect(5, "behind-lb", null, null, null));
            assertThat(viaLb.connack()).isZero();
            assertThat(node.ctl("clients", "show", "behind-lb", "--json").out())
                    .contains("\"ip_address\" : \"203.0.113.9\"");
            viaLb.send(subscribe(true, 1, "#"));
            assertThat(viaLb.read().subackCodes(true)).as("not local: # is denied").containsExactly(0x87);
        }
        assertServed(node, internal);
    }
}
