package io.osprey.plugin.aclfile;

import static io.osprey.api.hook.AclAction.PUBLISH;
import static io.osprey.api.hook.AclAction.SUBSCRIBE;
import static io.osprey.api.hook.AclResult.ALLOW;
import static io.osprey.api.hook.AclResult.DENY;
import static io.osprey.api.hook.AclResult.IGNORE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AclRulesTest {

    private static final Subject ALICE = new Subject("dev-1", "alice", "192.168.1.20");
    private static final Subject ANON = new Subject("dev-2", null, "10.1.2.3");

    private static AclRules rules(String text) throws AclSyntaxException {
        return AclRules.parse("acl.conf", text);
    }

    @Test
    void firstMatchWins_andNoMatchIsIgnore() throws Exception {
        AclRules r = rules("""
                {deny, {user, "alice"}, publish, ["a/b"]}.
                {allow, {user, "alice"}, publish, ["a/#"]}.
                """);
        assertThat(r.check(ALICE, PUBLISH, "a/b")).isEqualTo(DENY);
        assertThat(r.check(ALICE, PUBLISH, "a/c")).isEqualTo(ALLOW);
        assertThat(r.check(ALICE, PUBLISH, "b")).isEqualTo(IGNORE);
        assertThat(r.check(ANON, PUBLISH, "a/c")).isEqualTo(IGNORE);
        assertThat(r.decide(ALICE, PUBLISH, "a/c").rule().line()).isEqualTo(2);
    }

    @Test
    void accessKinds() throws Exception {
        AclRules r = rules("""
                {allow, all, publish, ["p"]}.
                {allow, all, subscribe, ["s"]}.
                {allow, all, pubsub, ["ps"]}.
                """);
        assertThat(r.check(ANON, PUBLISH, "p")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, SUBSCRIBE, "p")).isEqualTo(IGNORE);
        assertThat(r.check(ANON, SUBSCRIBE, "s")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, PUBLISH, "s")).isEqualTo(IGNORE);
        assertThat(r.check(ANON, PUBLISH, "ps")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, SUBSCRIBE, "ps")).isEqualTo(ALLOW);
    }

    @Test
    void subscriptionFilters_areCoveredOnlyByBroaderRules() throws Exception {
        AclRules r = rules("""
                {allow, all, subscribe, ["a/+/c", "x/#"]}.
                {deny, all, subscribe, ["#"]}.
                """);
        assertThat(r.check(ANON, SUBSCRIBE, "a/b/c")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, SUBSCRIBE, "a/+/c")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, SUBSCRIBE, "a/#")).isEqualTo(DENY); // would receive more than a/+/c
        assertThat(r.check(ANON, SUBSCRIBE, "x")).isEqualTo(ALLOW); // x/# also matches x
        assertThat(r.check(ANON, SUBSCRIBE, "x/+/#")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, SUBSCRIBE, "+/b/c")).isEqualTo(DENY);
    }

    @Test
    void eq_matchesOnlyTheLiteralString() throws Exception {
        AclRules r = rules("{deny, all, subscribe, [{eq, \"#\"}, {eq, \"t/+\"}]}.");
        assertThat(r.check(ANON, SUBSCRIBE, "#")).isEqualTo(DENY);
        assertThat(r.check(ANON, SUBSCRIBE, "a/#")).isEqualTo(IGNORE);
        assertThat(r.check(ANON, SUBSCRIBE, "t/+")).isEqualTo(DENY);
        assertThat(r.check(ANON, SUBSCRIBE, "t/x")).isEqualTo(IGNORE);
    }

    @Test
    void dollarTopics_areNotMatchedByLeadingWildcards() throws Exception {
        AclRules r = rules("""
                {allow, all, subscribe, ["#"]}.
                {allow, all, subscribe, ["$SYS/brokers/+/uptime"]}.
                """);
        assertThat(r.check(ANON, SUBSCRIBE, "a/b")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, SUBSCRIBE, "$SYS/#")).isEqualTo(IGNORE);
        assertThat(r.check(ANON, SUBSCRIBE, "$SYS/brokers/n1/uptime")).isEqualTo(ALLOW);
    }

    @Test
    void placeholders_standForUsernameAndClientId() throws Exception {
        AclRules r = rules("""
                {allow, all, pubsub, ["users/%u/#", "devices/%c/+"]}.
                {deny, all}.
                """);
        assertThat(r.check(ALICE, PUBLISH, "users/alice/x")).isEqualTo(ALLOW);
        assertThat(r.check(ALICE, PUBLISH, "users/bob/x")).isEqualTo(DENY);
        assertThat(r.check(ALICE, SUBSCRIBE, "devices/dev-1/state")).isEqualTo(ALLOW);
        assertThat(r.check(ALICE, SUBSCRIBE, "devices/dev-9/state")).isEqualTo(DENY);
        // no username: a %u rule never applies (not even to a literal "%u" level)
        assertThat(r.check(ANON, PUBLISH, "users/%u/x")).isEqualTo(DENY);
    }

    @Test
    void ipAddressRules_v4_v6_and_mapped() throws Exception {
        AclRules r = rules("""
                {allow, {ipaddr, "192.168.1.0/24"}, publish, ["lan"]}.
                {allow, {ipaddrs, ["10.0.0.0/8", "fd00::/8"]}, publish, ["vpn"]}.
                """);
        assertThat(r.check(ALICE, PUBLISH, "lan")).isEqualTo(ALLOW);
        assertThat(r.check(new Subject("c", null, "192.168.2.1"), PUBLISH, "lan")).isEqualTo(IGNORE);
        assertThat(r.check(new Subject("c", null, "::ffff:192.168.1.7"), PUBLISH, "lan")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, PUBLISH, "vpn")).isEqualTo(ALLOW);
        assertThat(r.check(new Subject("c", null, "fd12:3456::1"), PUBLISH, "vpn")).isEqualTo(ALLOW);
        assertThat(r.check(new Subject("c", null, "fe80::1"), PUBLISH, "vpn")).isEqualTo(IGNORE);
        assertThat(r.check(new Subject("c", null, null), PUBLISH, "vpn")).isEqualTo(IGNORE);
    }

    @Test
    void andOr() throws Exception {
        AclRules r = rules("""
                {allow, {'and', [{user, "alice"}, {ipaddr, "192.168.0.0/16"}]}, publish, ["both"]}.
                {allow, {'or', [{user, "nobody"}, {client, "dev-2"}]}, publish, ["either"]}.
                """);
        assertThat(r.check(ALICE, PUBLISH, "both")).isEqualTo(ALLOW);
        assertThat(r.check(new Subject("x", "alice", "10.0.0.1"), PUBLISH, "both")).isEqualTo(IGNORE);
        assertThat(r.check(ANON, PUBLISH, "either")).isEqualTo(ALLOW);
        assertThat(r.check(ALICE, PUBLISH, "either")).isEqualTo(IGNORE);
    }

    @Test
    void emptyTopicList_matchesNothing_twoElementForm_matchesEverything() throws Exception {
        assertThat(rules("{deny, all, pubsub, []}.").check(ANON, PUBLISH, "a")).isEqualTo(IGNORE);
        assertThat(rules("{deny, all}.").check(ANON, SUBSCRIBE, "$SYS/#")).isEqualTo(DENY);
    }

    @Test
    void placeholders_areOneLiteralLevel_wildcardIdsMatchNothing() throws Exception {
        AclRules r = rules("""
                {allow, all, subscribe, ["devices/%c/#", "users/%u/+"]}.
                {allow, all, subscribe, [{eq, "inbox/%c"}]}.
                {deny, all, subscribe, ["devices/#", "users/#", "inbox/#"]}.
                """);
        Subject plus = new Subject("+", "#", "10.0.0.1");
        assertThat(r.check(plus, SUBSCRIBE, "devices/+/#")).isEqualTo(DENY);
        assertThat(r.check(plus, SUBSCRIBE, "devices/+/state")).isEqualTo(DENY);
        assertThat(r.check(plus, SUBSCRIBE, "users/#")).isEqualTo(DENY);
        assertThat(r.check(plus, SUBSCRIBE, "users/+/x")).isEqualTo(DENY);
        Subject slash = new Subject("a/b", "x/y", "10.0.0.1");
        assertThat(r.check(slash, SUBSCRIBE, "devices/a/b/#")).isEqualTo(DENY);
        assertThat(r.check(slash, SUBSCRIBE, "users/x/y")).isEqualTo(DENY);
        // an ordinary id is its own level, literally
        Subject dev = new Subject("dev-7", "ann", "10.0.0.1");
        assertThat(r.check(dev, SUBSCRIBE, "devices/dev-7/#")).isEqualTo(ALLOW);
        assertThat(r.check(dev, SUBSCRIBE, "devices/+/#")).isEqualTo(DENY);
        assertThat(r.check(dev, SUBSCRIBE, "users/ann/x")).isEqualTo(ALLOW);
        // {eq, ...} is literal text: no substitution, so no client reaches "inbox/+" through it
        assertThat(r.check(plus, SUBSCRIBE, "inbox/+")).isEqualTo(DENY);
        assertThat(r.check(dev, SUBSCRIBE, "inbox/dev-7")).isEqualTo(DENY);
        assertThat(r.check(dev, SUBSCRIBE, "inbox/%c")).isEqualTo(ALLOW);
    }

    @Test
    void placeholderInFirstLevel_neverReachesDollarTopics() throws Exception {
        AclRules r = rules("{allow, all, pubsub, [\"%c/#\"]}.");
        assertThat(r.check(new Subject("tenant1", null, "h"), SUBSCRIBE, "tenant1/x")).isEqualTo(ALLOW);
        assertThat(r.check(new Subject("$SYS", null, "h"), SUBSCRIBE, "$SYS/#")).isEqualTo(IGNORE);
    }

    @Test
    void sharedSubscriptions_plainRulesSeeTheFilter_shareRulesNameTheGroup() throws Exception {
        AclRules r = rules("""
                {allow, {user, "worker"}, subscribe, ["$share/workers/jobs/#", "$share/%u/own/#"]}.
                {deny, all, subscribe, ["$share/+/jobs/#", "$queue/jobs/#"]}.
                {deny, all, subscribe, ["secret/#", {eq, "#"}, {eq, "+/#"}]}.
                {allow, all}.
                """);
        Subject worker = new Subject("w1", "worker", "h");
        Subject other = new Subject("o1", "other", "h");
        assertThat(r.check(worker, SUBSCRIBE, "$share/workers/jobs/#")).isEqualTo(ALLOW);
        assertThat(r.check(other, SUBSCRIBE, "$share/workers/jobs/#")).isEqualTo(DENY);
        assertThat(r.check(other, SUBSCRIBE, "$share/mine/jobs/1")).isEqualTo(DENY);
        assertThat(r.check(other, SUBSCRIBE, "$queue/jobs/1")).isEqualTo(DENY);
        assertThat(r.check(other, SUBSCRIBE, "jobs/1")).as("share rules apply only to shared subscriptions")
                .isEqualTo(ALLOW);
        assertThat(r.check(worker, SUBSCRIBE, "$share/worker/own/x")).isEqualTo(ALLOW);
        // plain rules apply to the filter of a shared subscription, whatever its group
        assertThat(r.check(other, SUBSCRIBE, "$share/g/secret/x")).isEqualTo(DENY);
        assertThat(r.check(other, SUBSCRIBE, "$share/g/#")).isEqualTo(DENY);
        assertThat(r.check(other, SUBSCRIBE, "$share/g/+/#")).isEqualTo(DENY);
        assertThat(r.check(other, SUBSCRIBE, "+/#")).isEqualTo(DENY);
        assertThat(r.check(other, SUBSCRIBE, "$share/g/open/x")).isEqualTo(ALLOW);
    }

    @Test
    void catchAllAllow_doesNotOpenDollarTopicsForPublish() throws Exception {
        AclRules r = rules("{allow, all}.");
        assertThat(r.check(ANON, PUBLISH, "a/b")).isEqualTo(ALLOW);
        assertThat(r.check(ANON, PUBLISH, "$internal/cmd")).isEqualTo(IGNORE);
        assertThat(rules("{allow, all, publish, [\"$internal/#\"]}.").check(ANON, PUBLISH, "$internal/cmd"))
                .isEqualTo(ALLOW);
    }
}
