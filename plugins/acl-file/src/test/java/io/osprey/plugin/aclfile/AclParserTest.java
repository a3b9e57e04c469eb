package io.osprey.plugin.aclfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AclParserTest {

    private static List<AclRule> parse(String text) throws AclSyntaxException {
        return AclParser.parse("etc/acl.conf", text);
    }

    @Test
    void emqxDefaultFile_parsesIntoFourRules_withLines() throws Exception {
        List<AclRule> rules = parse("""
                %% comment
                {allow, {user, "dashboard"}, subscribe, ["$SYS/#"]}.
                {allow, {ipaddr, "127.0.0.1"}, pubsub, ["$SYS/#", "#"]}.   % trailing comment
                {deny, all, subscribe, ["$SYS/#", {eq, "#"}]}.

                {allow, all}.
                """);
        assertThat(rules).extracting(AclRule::line).containsExactly(2, 3, 4, 6);
        assertThat(rules).extracting(AclRule::text).containsExactly(
                "{allow, {user, \"dashboard\"}, subscribe, [\"$SYS/#\"]}.",
                "{allow, {ipaddr, \"127.0.0.1\"}, pubsub, [\"$SYS/#\", \"#\"]}.",
                "{deny, all, subscribe, [\"$SYS/#\", {eq, \"#\"}]}.",
                "{allow, all}.");
    }

    @Test
    void everyFormOfWho() throws Exception {
        List<AclRule> rules = parse("""
                {allow, {client, "c1"}, publish, ["a"]}.
                {allow, {clientid, "c2"}, publish, ["a"]}.
                {allow, {username, "u"}, publish, ["a"]}.
                {allow, {ipaddrs, ["10.0.0.0/8", "::1"]}, publish, ["a"]}.
                {allow, {'and', [{user, "u"}, {ipaddr, "192.168.1.0/24"}]}, publish, ["a"]}.
                {allow, {'or', [{user, "u"}, {client, "c"}]}, publish, ["a"]}.
                {deny, all, pubsub, []}.
                {allow, <<"x">> , publish, [<<"t/1">>]}.
                """.replace("{allow, <<\"x\">> , publish, [<<\"t/1\">>]}.\n", "{allow, all, publish, [<<\"t/1\">>]}.\n"));
        assertThat(rules).hasSize(8);
        assertThat(rules.get(0).who()).isEqualTo(new Who.Client("c1"));
        assertThat(rules.get(1).who()).isEqualTo(new Who.Client("c2"));
        assertThat(rules.get(2).who()).isEqualTo(new Who.User("u"));
        assertThat(rules.get(3).who().text()).isEqualTo("{ipaddrs, [\"10.0.0.0/8\", \"::1\"]}");
        assertThat(rules.get(4).who()).isInstanceOf(Who.And.class);
        assertThat(rules.get(5).who()).isInstanceOf(Who.Or.class);
        assertThat(rules.get(6).topics()).isEmpty();
        assertThat(rules.get(7).text()).isEqualTo("{allow, all, publish, [\"t/1\"]}.");
    }

    @Test
    void missingFullStop_namesLineColumnAndWhatWasExpected() {
        assertThatThrownBy(() -> parse("""
                {allow, all}.
                {deny, all, subscribe, ["#"]}
                {allow, all}.
                """))
                .isInstanceOf(AclSyntaxException.class)
                .hasMessage("etc/acl.conf:3:1: expected '.' ending the rule, found '{'");
    }

    @Test
    void unknownAccess() {
        assertThatThrownBy(() -> parse("{allow, all, publsh, [\"a\"]}."))
                .hasMessage("etc/acl.conf:1:14: expected publish, subscribe or pubsub, found 'publsh'");
    }

    @Test
    void unknownWho() {
        assertThatThrownBy(() -> parse("{allow, {host, \"x\"}, publish, [\"a\"]}."))
                .hasMessageStartingWith("etc/acl.conf:1:10: expected user, client, ipaddr, ipaddrs, 'and' or 'or'");
    }

    @Test
    void badCidr() {
        assertThatThrownBy(() -> parse("\n  {allow, {ipaddr, \"10.0.0.0/33\"}, publish, [\"a\"]}."))
                .hasMessage("etc/acl.conf:2:20: bad prefix length in \"10.0.0.0/33\" (0 to 32)");
        assertThatThrownBy(() -> parse("{allow, {ipaddr, \"example.com\"}, publish, [\"a\"]}."))
                .hasMessage("etc/acl.conf:1:18: not an IP address or CIDR: \"example.com\"");
    }

    @Test
    void badTopicFilter() {
        assertThatThrownBy(() -> parse("{allow, all, publish, [\"a/#/b\"]}."))
                .hasMessage("etc/acl.conf:1:24: invalid topic filter \"a/#/b\": '#' must be a whole level and the"
                        + " last one");
    }

    @Test
    void unterminatedString_andStrayCharacter() {
        assertThatThrownBy(() -> parse("{allow, all, publish, [\"a]}.\n"))
                .hasMessage("etc/acl.conf:1:24: unterminated string");
        assertThatThrownBy(() -> parse("{allow; all}."))
                .hasMessage("etc/acl.conf:1:7: unexpected character ';'");
    }

    @Test
    void twoElementFormOnlyTakesAll() {
        assertThatThrownBy(() -> parse("{allow, {user, \"u\"}}."))
                .hasMessage("etc/acl.conf:1:20: expected ',', found '}'");
    }

    @Test
    void emptyFile_hasNoRules() throws Exception {
        assertThat(parse("% nothing here\n")).isEmpty();
    }
}
