package io.osprey.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ACL rule topics: one literal level per placeholder, covering for subscriptions, share groups. */
class AclTopicTest {

    @ParameterizedTest(name = "rule {0}, client id {1}, user {2}: subscribe {3} → {4}")
    @CsvSource(delimiter = '|', value = {
            "devices/%c/#   | dev-1 | u | devices/dev-1/#  | true",
            "devices/%c/#   | dev-1 | u | devices/dev-1    | true",
            "devices/%c/#   | dev-1 | u | devices/dev-2/#  | false",
            "devices/%c/#   | +     | u | devices/+/#      | false",
            "devices/%c/#   | #     | u | devices/#        | false",
            "devices/%c/#   | a/b   | u | devices/a/b/#    | false",
            "users/%u/+     | c     | + | users/+/x        | false",
            "users/%u/+     | c     | ann | users/ann/x    | true",
            "%c/#           | $SYS  | u | $SYS/#           | false",
            "a/+            | c     | u | a/#              | false",
            "a/#            | c     | u | a/+              | true",
            "#              | c     | u | $SYS/x           | false",
            "#              | c     | u | $share/g/a/b     | true",
            "$share/+/jobs/#  | c   | u | $share/g/jobs/1  | true",
            "$share/w/jobs/#  | c   | u | $share/g/jobs/1  | false",
            "$share/w/jobs/#  | c   | u | jobs/1           | false",
            "$share/%u/jobs/# | c   | g | $share/g/jobs/1  | true",
            "$share/%u/jobs/# | c   | + | $share/+/jobs/1  | false",
            "$queue/jobs/#    | c   | u | $queue/jobs/1    | true",
            "$queue/jobs/#    | c   | u | $share/g/jobs/1  | false",
    })
    void patterns_onSubscriptions(String rule, String clientId, String user, String filter, boolean expected) {
        assertThat(AclTopic.pattern(rule).matchesFilter(filter, clientId, user)).isEqualTo(expected);
    }

    @Test
    void literals_compareText_withTheFilterOfASharedSubscription() {
        assertThat(AclTopic.literal("#").matchesFilter("#", "c", null)).isTrue();
        assertThat(AclTopic.literal("#").matchesFilter("$share/g/#", "c", null)).isTrue();
        assertThat(AclTopic.literal("#").matchesFilter("a/#", "c", null)).isFalse();
        assertThat(AclTopic.literal("$share/g/#").matchesFilter("$share/g/#", "c", null)).isTrue();
        assertThat(AclTopic.literal("$share/g/#").matchesFilter("#", "c", null)).isFalse();
        assertThat(AclTopic.literal("d/%c").matchesFilter("d/x", "x", null)).as("no substitution").isFalse();
    }

    @Test
    void publish_matchesTopicNames_sharePatternsNever() {
        assertThat(AclTopic.pattern("d/%c/+").matchesTopic("d/dev/x", "dev", null)).isTrue();
        assertThat(AclTopic.pattern("d/%c/+").matchesTopic("d/other/x", "dev", null)).isFalse();
        assertThat(AclTopic.pattern("d/%u/+").matchesTopic("d/%u/x", "dev", null)).as("no user name").isFalse();
        assertThat(AclTopic.pattern("$share/+/#").matchesTopic("$share/g/x", "c", null)).isFalse();
    }

    @Test
    void badPatterns_sayWhatIsWrong() {
        assertThatThrownBy(() -> AclTopic.pattern("a/#/b")).hasMessageContaining("'#' must be a whole level");
        assertThatThrownBy(() -> AclTopic.pattern("a/b+")).hasMessageContaining("'+' must be a whole level");
        assertThatThrownBy(() -> AclTopic.pattern("$share/g#/x")).hasMessageContaining("group");
        assertThatThrownBy(() -> AclTopic.pattern("$share/x")).hasMessageContaining("$share/<group>/<filter>");
    }

    @Test
    void shareHelpers() {
        assertThat(Topic.shareGroup("$share/g/a/b")).isEqualTo("g");
        assertThat(Topic.shareGroup("$queue/a/b")).isEqualTo("$queue");
        assertThat(Topic.shareGroup("a/b")).isNull();
        assertThat(Topic.withoutShare("$share/g/a/b")).isEqualTo("a/b");
        assertThat(Topic.withoutShare("$queue/a/b")).isEqualTo("a/b");
        assertThat(Topic.withoutShare("a/b")).isEqualTo("a/b");
        assertThat(Topic.isLiteralLevel("dev-1")).isTrue();
        assertThat(Topic.isLiteralLevel("+")).isFalse();
        assertThat(Topic.isLiteralLevel("a/b")).isFalse();
        assertThat(Topic.isLiteralLevel("")).isFalse();
        assertThat(Topic.isLiteralLevel(null)).isFalse();
    }
}
