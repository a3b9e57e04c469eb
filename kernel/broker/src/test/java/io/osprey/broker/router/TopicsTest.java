package io.osprey.broker.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "a/b, a/b, true", "a/b, a/c, false", "a/+, a/b, true", "a/+, a/b/c, false", "a/+, a, false",
            "a/#, a, true", "a/#, a/b/c, true", "#, a/b, true", "+/+, a/b, true", "+, a, true", "+, a/b, false",
            "a/+/c, a/b/c, true", "a/+/c, a//c, true", "+/b, /b, true", "/+, /x, true", "a/b/#, a/b/, true",
            "#, $SYS/x, false", "+/x, $SYS/x, false", "$SYS/#, $SYS/x, true", "$SYS/+, $SYS/x, true",
            "a/b, a/b/, false", "a//b, a//b, true", "sport/tennis/+, sport/tennis/player1, true",
            "sport/+, sport/, true", "sport/#, sport, true"})
    void matches(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
    }

    @Test
    void validFilters() {
        assertThat(Topics.isValidFilter("a/+/#")).isTrue();
        assertThat(Topics.isValidFilter("#")).isTrue();
        assertThat(Topics.isValidFilter("+")).isTrue();
        assertThat(Topics.isValidFilter("a/#/b")).isFalse();
        assertThat(Topics.isValidFilter("a+")).isFalse();
        assertThat(Topics.isValidFilter("a/b#")).isFalse();
        assertThat(Topics.isValidFilter("")).isFalse();
    }

    @Test
    void validNames() {
        assertThat(Topics.isValidName("a/b")).isTrue();
        assertThat(Topics.isValidName("/")).isTrue();
        assertThat(Topics.isValidName("a/+")).isFalse();
        assertThat(Topics.isValidName("")).isFalse();
    }

    @Test
    void sharedFilters_areParsed() {
        assertThat(Topics.parseFilter("$share/g1/a/+")).isEqualTo(new Topics.Filter("g1", "a/+"));
        assertThat(Topics.parseFilter("$queue/jobs")).isEqualTo(new Topics.Filter("$queue", "jobs"));
        assertThat(Topics.parseFilter("$share//a")).isNull();
        assertThat(Topics.parseFilter("$share/g")).isNull();
        assertThat(Topics.parseFilter("$share/g+/a")).isNull();
        assertThat(Topics.parseFilter("a/b")).isEqualTo(new Topics.Filter(null, "a/b"));
    }

    @Test
    void split_keepsEmptyLevels() {
        assertThat(Topics.split("/a//b/")).containsExactly("", "a", "", "b", "");
        assertThat(Topics.levels("a/b/c")).isEqualTo(3);
    }
}
