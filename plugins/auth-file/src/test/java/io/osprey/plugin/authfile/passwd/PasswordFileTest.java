package io.osprey.plugin.authfile.passwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordFileTest {

    static final PasswordHash HASH = PasswordHash.create("pw", 1000);
    static final String H = HASH.encoded();

    @Test
    @DisplayName("users, client ids (with ':' in them), the superuser flag, comments, blank lines and CRLF are read")
    void goodFile_isRead() {
        PasswordFile.Parsed p = PasswordFile.of("# header\n\n  alice:" + H + "\r\nroot:" + H + ":superuser\n"
                + "clientid:aa:bb:cc:dd:" + H + "\nclientid:gw-1:" + H + ":superuser\nclientid:" + H + "\n").parse();
        assertThat(p.problems()).isEmpty();
        Credentials c = p.credentials(false);
        assertThat(c.user("alice").superuser()).isFalse();
        assertThat(c.user("alice").line()).isEqualTo(3);
        assertThat(c.user("root").superuser()).isTrue();
        assertThat(c.clientId("aa:bb:cc:dd")).isNotNull();
        assertThat(c.clientId("gw-1").superuser()).isTrue();
        assertThat(c.user("clientid")).as("a user may be called 'clientid'").isNotNull();
        assertThat(c.user("alice").hash().matches("pw".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(c.summary()).isEqualTo("3 users and 2 client ids");
    }

    @Test
    @DisplayName("bad lines are reported with their line number and what is wrong; the good lines are still read")
    void badLines_areReportedByLineNumber() {
        PasswordFile.Parsed p = PasswordFile.of("alice:" + H + "\n# ok\nbob:hunter2\ncarol:" + H + ":admin\n"
                + "just-a-name\nalice:" + H + "\nclientid:dev:$md5$abc\n:" + H + "\n").parse();
        assertThat(p.problems()).extracting(PasswordFile.Problem::line).containsExactly(3, 4, 5, 6, 7, 8);
        assertThat(p.problems().get(0).message()).contains("plain-text passwords are not accepted")
                .doesNotContain("hunter2");
        assertThat(p.problems().get(1).message()).contains("unknown flag 'admin'");
        assertThat(p.problems().get(2).message()).contains("expected <username>:<hash>");
        assertThat(p.problems().get(3).message()).isEqualTo("user alice is already on line 1");
        assertThat(p.problems().get(4).message()).contains("unsupported hash scheme 'md5'");
        assertThat(p.problems().get(5).message()).contains("the user is empty");
        assertThat(p.entries()).extracting(Entry::name).containsExactly("alice");
    }

    @Test
    @DisplayName("without a version to fall back on, names on bad lines are kept as refused entries, not unknown ones")
    void unreadableNames_areLocked_whenAsked() {
        PasswordFile.Parsed p = PasswordFile.of("alice:" + H + "\nbob:hunter2\nclientid:dev:$md5$x\nalice:" + H
                + "\n").parse();
        Credentials locked = p.credentials(true);
        assertThat(locked.user("bob").verifiable()).isFalse();
        assertThat(locked.clientId("dev").verifiable()).isFalse();
        assertThat(locked.user("alice").verifiable()).as("duplicated: which password is right?").isFalse();
        Credentials plain = p.credentials(false);
        assertThat(plain.user("bob")).isNull();
    }

    @Test
    @DisplayName("put replaces the entry's line in place or appends one; remove drops it; every other line stays")
    void edits_keepOtherLines() {
        String before = "# Osprey users\n\nalice:" + H + "\r\n# a comment about bob\nbob:" + H + "\n";
        PasswordHash other = PasswordHash.create("new", 1000);
        PasswordFile f = PasswordFile.of(before).put(Entry.Kind.USER, "alice", other, true)
                .put(Entry.Kind.CLIENT_ID, "dev-1", other, false).remove(Entry.Kind.USER, "bob");
        assertThat(f.content()).isEqualTo("# Osprey users\n\nalice:" + other.encoded() + ":superuser\r\n"
                + "# a comment about bob\nclientid:dev-1:" + other.encoded() + "\n");
        assertThat(PasswordFile.of("no-newline:" + H).put(Entry.Kind.USER, "x", other, false).content())
                .isEqualTo("no-newline:" + H + "\nx:" + other.encoded() + "\n");
    }

    @Test
    @DisplayName("a name that would read back differently is refused before it is written")
    void checkName_refusesAmbiguousNames() {
        assertThat(PasswordFile.checkName(Entry.Kind.USER, "alice")).isNull();
        assertThat(PasswordFile.checkName(Entry.Kind.CLIENT_ID, "aa:bb:cc")).isNull();
        assertThat(PasswordFile.checkName(Entry.Kind.USER, "")).contains("empty");
        assertThat(PasswordFile.checkName(Entry.Kind.USER, " alice")).contains("blank");
        assertThat(PasswordFile.checkName(Entry.Kind.USER, "a\nb")).contains("control");
        assertThat(PasswordFile.checkName(Entry.Kind.USER, "#x")).contains("comment");
        assertThat(PasswordFile.checkName(Entry.Kind.USER, "a:$b")).contains(":$");
        assertThat(PasswordFile.checkName(Entry.Kind.USER, "clientid:x")).contains("clientid:");
        assertThat(PasswordFile.checkName(Entry.Kind.CLIENT_ID, "clientid:x")).isNull();
        // and what passes reads back as itself
        for (String n : new String[] {"a:b", "x:superuser", "clientid", "tab\u00e9"}) {
            String text = PasswordFile.of("").put(Entry.Kind.USER, n, HASH, false).content();
            assertThat(PasswordFile.of(text).parse().credentials(false).user(n)).as(n).isNotNull();
        }
    }
}
