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
 * Attack: a client whose id or user name is a wildcard ({@code +}, {@code #}) or holds a {@code /} subscribes through
 * an ACL rule written with {@code %c}/{@code %u}, hoping the placeholder turns into a wildcard
 * ({@code devices/%c/#} as {@code devices/+/#}) and lets it read every device's messages. The placeholders are one
 * literal level: such ids match no placeholder rule and the next rule denies.
 */
class HostileWildcardIdentityIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("wildcard-id");
        AttackSupport.prependAcl(node, """
                {allow, all, subscribe, ["devices/%c/#", "users/%u/#"]}.
                {deny, all, subscribe, ["devices/#", "users/#"]}.
                """);
        AttackSupport.start(node);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** Connects as {@code clientId}/{@code username} and returns the SUBACK code for {@code filter}. */
    private static int suback(int level, String clientId, String username, String filter) throws Exception {
        try (Raw c = new Raw(node.mqttPort)) {
            c.send(connect(level, clientId, username, null, null));
            assertThat(c.connack()).as("CONNACK of " + clientId).isZero();
            c.send(subscribe(level == 5, 1, filter));
            return c.read().subackCodes(level == 5).get(0);
        }
    }

    @Test
    void wildcardIdsAndNames_getNothingThroughPlaceholderRules_devicesGetTheirOwn() throws Exception {
        try (Raw device = new Raw(node.mqttPort); Raw victimPublisher = new Raw(node.mqttPort, "127.0.0.1")) {
            device.send(connect(5, "dev-7", null, null, null));
            assertThat(device.connack()).isZero();
            device.send(subscribe(true, 1, "devices/dev-7/#"));
            assertThat(device.read().subackCodes(true)).as("a device may read its own topics").containsExactly(1);

            for (int level : new int[] {4, 5}) {
                int denied = level == 5 ? 0x87 : 0x80;
                assertThat(suback(level, "+", null, "devices/+/#")).as("client id + , v" + level).isEqualTo(denied);
                assertThat(suback(level, "#", null, "devices/#")).as("client id #").isEqualTo(denied);
                assertThat(suback(level, "a/b", null, "devices/a/b/#")).as("client id a/b").isEqualTo(denied);
                assertThat(suback(level, "u-1", "+", "users/+/#")).as("user name +").isEqualTo(denied);
                assertThat(suback(level, "u-2", "#", "users/#")).as("user name #").isEqualTo(denied);
            }

            try (Raw attacker = new Raw(node.mqttPort)) {
                attacker.send(connect(5, "+", null, null, null));
                assertThat(attacker.connack()).isZero();
                attacker.send(subscribe(true, 1, "devices/+/#"));
                assertThat(attacker.read().subackCodes(true)).containsExactly(0x87);
                assertServed(node); // during the attack

                victimPublisher.send(connect(4, "backend", null, null, null));
                assertThat(victimPublisher.connack()).isZero();
                victimPublisher.send(publish(false, 1, "devices/dev-7/cmd", 1, "open the door"));
                assertThat(victimPublisher.read().type()).as("PUBACK").isEqualTo(4);
                assertThat(device.read().publishText(true)).isEqualTo("devices/dev-7/cmd open the door");
                attacker.expectNothing(500);
            }
        }
        assertServed(node);
    }
}
