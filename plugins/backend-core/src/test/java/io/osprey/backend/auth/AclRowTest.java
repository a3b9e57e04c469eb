package io.osprey.backend.auth;

import static io.osprey.api.hook.AclAction.PUBLISH;
import static io.osprey.api.hook.AclAction.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** EMQX's mqtt_acl semantics, row by row. */
class AclRowTest {

    static AclRow row(String ip, String user, String client, int access, String topic) {
        return AclRow.of(true, ip == null ? null : Cidr.parse(ip), user, client, access, topic, problem -> { });
    }

    @Test
    void dollarAll_matchesEveryClient() {
        AclRow r = row(null, "$all", null, 3, "#");
        assertThat(r.matches("c", null, "10.0.0.1", PUBLISH, "a/b")).isTrue();
    }

    @Test
    void everyWhoColumnThatIsSet_mustMatch() {
        AclRow r = row("10.0.0.0/8", "alice", null, 3, "#");
        assertThat(r.matches("c", "alice", "10.1.2.3", PUBLISH, "x")).isTrue();
        assertThat(r.matches("c", "alice", "192.168.0.1", PUBLISH, "x")).isFalse();
        assertThat(r.matches("c", "bob", "10.1.2.3", PUBLISH, "x")).isFalse();
        assertThat(row(null, null, "dev-1", 3, "#").matches("dev-1", null, "1.2.3.4", PUBLISH, "x")).isTrue();
        assertThat(row(null, null, "dev-1", 3, "#").matches("dev-2", null, "1.2.3.4", PUBLISH, "x")).isFalse();
    }

    @Test
    void rowWithoutWho_matchesNobody() {
        assertThat(row(null, null, null, 3, "#").matches("c", "u", "1.2.3.4", PUBLISH, "x")).isFalse();
    }

    @Test
    void access_1Subscribe_2Publish_3Both() {
        assertThat(row(null, "$all", null, 1, "#").matches("c", null, null, SUBSCRIBE, "x")).isTrue();
        assertThat(row(null, "$all", null, 1, "#").matches("c", null, null, PUBLISH, "x")).isFalse();
        assertThat(row(null, "$all", null, 2, "#").matches("c", null, null, PUBLISH, "x")).isTrue();
        assertThat(row(null, "$all", null, 2, "#").matches("c", null, null, SUBSCRIBE, "x")).isFalse();
        assertThat(row(null, "$all", null, 3, "#").matches("c", null, null, SUBSCRIBE, "x")).isTrue();
    }

    @Test
    void topicPlaceholders_areTheClientsUserNameAndId() {
        AclRow r = row(null, "$all", null, 3, "users/%u/%c/#");
        assertThat(r.matches("dev-1", "alice", null, PUBLISH, "users/alice/dev-1/x")).isTrue();
        assertThat(r.matches("dev-1", "alice", null, PUBLISH, "users/bob/dev-1/x")).isFalse();
        assertThat(r.matches("dev-1", null, null, PUBLISH, "users//dev-1/x")).as("no user name").isFalse();
    }

    @Test
    void placeholders_areOneLiteralLevel_wildcardIdsAndNamesMatchNothing() {
        AclRow r = row(null, "$all", null, 1, "devices/%c/#");
        assertThat(r.matches("dev-1", null, null, SUBSCRIBE, "devices/dev-1/#")).isTrue();
        assertThat(r.matches("+", null, null, SUBSCRIBE, "devices/+/#")).isFalse();
        assertThat(r.matches("#", null, null, SUBSCRIBE, "devices/#")).isFalse();
        assertThat(r.matches("a/b", null, null, SUBSCRIBE, "devices/a/b/#")).isFalse();
        AclRow u = row(null, "$all", null, 3, "users/%u/+");
        assertThat(u.matches("c", "+", null, SUBSCRIBE, "users/+/+")).isFalse();
        // only a whole level is a placeholder, as in EMQX
        assertThat(row(null, "$all", null, 2, "x%c").matches("dev", null, null, PUBLISH, "xdev")).isFalse();
    }

    @Test
    void subscription_isCoveredOnlyByABroaderRow() {
        AclRow r = row(null, "$all", null, 1, "a/+");
        assertThat(r.matches("c", null, null, SUBSCRIBE, "a/b")).isTrue();
        assertThat(r.matches("c", null, null, SUBSCRIBE, "a/+")).isTrue();
        assertThat(r.matches("c", null, null, SUBSCRIBE, "a/#")).as("would receive a/b/c").isFalse();
    }

    @Test
    void sharedSubscription_plainRowsSeeTheFilter_shareRowsNameTheGroup() {
        assertThat(row(null, "$all", null, 1, "jobs/#").matches("c", null, null, SUBSCRIBE, "$share/g/jobs/1"))
                .isTrue();
        AclRow group = row(null, "$all", null, 1, "$share/workers/jobs/#");
        assertThat(group.matches("c", null, null, SUBSCRIBE, "$share/workers/jobs/1")).isTrue();
        assertThat(group.matches("c", null, null, SUBSCRIBE, "$share/other/jobs/1")).isFalse();
        assertThat(group.matches("c", null, null, SUBSCRIBE, "jobs/1")).isFalse();
    }

    @Test
    void badTopicInARow_matchesNothing() {
        assertThat(row(null, "$all", null, 3, "a/#/b").matches("c", null, null, PUBLISH, "a/x/b")).isFalse();
    }

    @Test
    void placeholderLevels_areOneLiteralLevel_soWildcardsOrSlashesInAnIdCannotWidenTheRule() {
        AclRow r = row(null, "$all", null, 3, "devices/%c/up");
        assertThat(r.matches("dev-1", null, null, PUBLISH, "devices/dev-1/up")).isTrue();
        assertThat(r.matches("+", null, null, PUBLISH, "devices/dev-2/up")).as("id '+' is not a wildcard").isFalse();
        assertThat(r.matches("+", null, null, SUBSCRIBE, "devices/+/up")).as("nor its literal level a wildcard")
                .isFalse();
        assertThat(r.matches("#", null, null, SUBSCRIBE, "devices/dev-2/up")).isFalse();
        assertThat(r.matches("#", null, null, SUBSCRIBE, "devices/+/up")).as("a subscription wider than '#'")
                .isFalse();
        assertThat(r.matches("a/b", null, null, PUBLISH, "devices/a/b/up")).as("a '/' does not add levels")
                .isFalse();
        AclRow u = row(null, "$all", null, 1, "users/%u/#");
        assertThat(u.matches("c", "+", null, SUBSCRIBE, "users/alice/x")).isFalse();
        assertThat(u.matches("c", "#", null, SUBSCRIBE, "users/#")).isFalse();
        assertThat(row(null, "$all", null, 3, "dev-%c").matches("x", null, null, PUBLISH, "dev-x"))
                .as("only a whole level is a placeholder").isFalse();
    }

    @Test
    void subscriptions_mustBeCoveredByTheRule() {
        assertThat(row(null, "$all", null, 1, "a/+").matches("c", null, null, SUBSCRIBE, "a/+")).isTrue();
        assertThat(row(null, "$all", null, 1, "a/+").matches("c", null, null, SUBSCRIBE, "a/#")).isFalse();
        assertThat(row(null, "$all", null, 1, "a/b").matches("c", null, null, SUBSCRIBE, "a/+")).isFalse();
        assertThat(row(null, "$all", null, 1, "#").matches("c", null, null, SUBSCRIBE, "$SYS/#")).isFalse();
    }

    @Test
    void eqTopic_matchesTheFilterLiterally() {
        AclRow r = row(null, "$all", null, 1, "eq sensors/#");
        assertThat(r.matches("c", null, null, SUBSCRIBE, "sensors/#")).isTrue();
        assertThat(r.matches("c", null, null, SUBSCRIBE, "sensors/1")).isFalse();
    }

    @Test
    void cidr_ipv4AndIpv6_andNamesAreNeverResolved() {
        assertThat(Cidr.parse("127.0.0.1").contains("127.0.0.1")).isTrue();
        assertThat(Cidr.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
        assertThat(Cidr.parse("192.168.16.0/20").contains("192.168.31.255")).isTrue();
        assertThat(Cidr.parse("192.168.16.0/20").contains("192.168.32.0")).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains("10.0.0.1")).isFalse();
        assertThat(Cidr.parse("localhost")).isNull();
        assertThat(Cidr.parse("10.0.0.0/33")).isNull();
    }
}
