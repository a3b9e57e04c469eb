package io.osprey.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "#, a/b, true",
            "#, $SYS/x, false",
            "+/b, $SYS/b, false",
            "$SYS/#, $SYS/brokers, true",
            "a/+, a/b, true",
            "a/+, a/b/c, false",
            "a/#, a, true",
            "a/#, a/b/c, true",
            "a/+/c, a/x/c, true",
            "a/+/c, a/x/d, false",
            "a/b, a/b, true",
            "a/b, a/b/, false",
            "+, '', true",
            "a//b, a//b, true",
            "a/+, a/#, true",
            "sport/tennis/+, sport/tennis, false",
    })
    void matches_followsMqttTopicRules(String filter, String topic, boolean expected) {
        assertThat(io.osprey.api.Topic.matches(filter, topic)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"a/+/c, a/%", "sensor/#, sensor/%", "100%_x/#, 100\\%\\_x/%", "exact, exact%"})
    void likePrefix_stopsAtTheFirstWildcard_andEscapesLikeCharacters(String filter, String expected) {
        assertThat(Topics.likePrefix(filter)).isEqualTo(expected);
    }
}
