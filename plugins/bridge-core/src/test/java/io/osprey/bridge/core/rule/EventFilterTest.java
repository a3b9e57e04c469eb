package io.osprey.bridge.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventFilterTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "#, a/b, true",
            "sensors/#, sensors, true",
            "sensors/#, sensors/a/b, true",
            "sensors/+/temp, sensors/room1/temp, true",
            "sensors/+/temp, sensors/room1/humidity, false",
            "sensors/+, sensors/a/b, false",
            "+/+, a/b, true",
            "a/b, a/b, true",
            "a/b, a/bc, false",
            "a//b, a//b, true",
            "+, '', true"
    })
    void matchesLikeMqtt(String filter, String topic, boolean expected) {
        assertThat(EventFilter.parse(filter).matches(topic)).isEqualTo(expected);
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] a leading wildcard does not match $-topics")
    void leadingWildcard_doesNotMatchDollarTopics() {
        assertThat(EventFilter.parse("#").matches("$SYS/brokers")).isFalse();
        assertThat(EventFilter.parse("+/brokers").matches("$SYS/brokers")).isFalse();
        assertThat(EventFilter.parse("$SYS/#").matches("$SYS/brokers")).isTrue();
    }

    @Test
    void subscriptionFilters_areMatchedWithoutTheirSharePrefix() {
        EventFilter f = EventFilter.parse("sensors/#");
        assertThat(f.matchesSubscription("$share/g1/sensors/+/temp")).isTrue();
        assertThat(f.matchesSubscription("$queue/sensors/x")).isTrue();
        assertThat(f.matchesSubscription("other/#")).isFalse();
    }

    @Test
    void badFilters_areRefusedWithTheReason() {
        assertThatThrownBy(() -> EventFilter.parse("a/#/b")).hasMessageContaining("'#' must be");
        assertThatThrownBy(() -> EventFilter.parse("a/b+")).hasMessageContaining("'+' must be");
        assertThatThrownBy(() -> EventFilter.parse("")).hasMessageContaining("empty");
    }
}
