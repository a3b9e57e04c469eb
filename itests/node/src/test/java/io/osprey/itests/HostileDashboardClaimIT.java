package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.connect;
import static io.osprey.itests.AttackSupport.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.osprey.itests.AttackSupport.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: the shipped {@code acl.conf} lets the user {@code dashboard} read {@code $SYS}, and a user name is only what
 * a client says; with {@code allow_anonymous = true} anyone could claim it. The shipped {@code etc/passwd} lists the
 * name as {@code $locked}, so auth-file refuses every client claiming it (0x86; 3.1.1: 0x04) until an admin sets a
 * password.
 */
class HostileDashboardClaimIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = AttackSupport.start("dashboard");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static int connack(int level, String password) throws Exception {
        try (Raw c = new Raw(node.mqttPort)) {
            c.send(connect(level, "claimer-" + level, "dashboard", password, null));
            return c.connack();
        }
    }

    @Test
    void claimingDashboard_isRefused_untilTheAdminSetsAPassword() throws Exception {
        assertThat(connack(5, null)).isEqualTo(0x86);
        assertThat(connack(4, null)).isEqualTo(0x04);
        assertThat(connack(5, "public")).isEqualTo(0x86);
        assertThat(connack(5, "$locked")).isEqualTo(0x86);
        try (Raw anonymous = new Raw(node.mqttPort)) {
            anonymous.send(connect(5, "nobody", null, null, null));
            assertThat(anonymous.connack()).isZero();
            anonymous.send(subscribe(true, 1, "$SYS/#"));
            assertThat(anonymous.read().subackCodes(true)).containsExactly(0x87);
            assertServed(node); // during
        }

        NodeProcess.Ctl passwd = node.ctl("users", "passwd", "dashboard", "s3cret-dash");
        assertThat(passwd.exit()).as(passwd.out()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> connack(5, "s3cret-dash") == 0);
        try (Raw dashboard = new Raw(node.mqttPort)) {
            dashboard.send(connect(5, "the-dashboard", "dashboard", "s3cret-dash", null));
            assertThat(dashboard.connack()).isZero();
            dashboard.send(subscribe(true, 1, "$SYS/#"));
            assertThat(dashboard.read().subackCodes(true)).containsExactly(1);
        }
        assertServed(node);
    }
}
