package io.osprey.plugin.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicMatchTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "a/b, a/b, true",
        "a/b, a/c, false",
        "a/+, a/b, true",
        "a/+, a, false",
        "a/+, a/b/c, false",
        "a/+, a/, true",
        "a/#, a, true",
        "a/#, a/b/c, true",
        "a/#, ab, false",
        "#, a/b, true",
        "+/+, a/b, true",
        "#, $SYS/x, false",
        "+/x, $SYS/x, false",
        "$SYS/#, $SYS/x, true",
        "a, a/b, false",
        "a/b/c, a/b, false",
        "s/#, s/+, true",
    })
    void matches(String filter, String topic, boolean expected) {
        assertThat(io.osprey.api.Topic.matches(filter, topic)).isEqualTo(expected);
    }
}
