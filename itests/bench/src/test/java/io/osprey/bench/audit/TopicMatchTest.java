package io.osprey.bench.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicMatchTest {

    @Test
    void wildcards_matchAsMqttSays() {
        assertThat(TopicMatch.matches("bench/fanin/+", "bench/fanin/7")).isTrue();
        assertThat(TopicMatch.matches("bench/#", "bench")).isTrue();
        assertThat(TopicMatch.matches("bench/#", "bench/a/b")).isTrue();
        assertThat(TopicMatch.matches("bench/+", "bench/a/b")).isFalse();
        assertThat(TopicMatch.matches("bench/p2p/1", "bench/p2p/10")).isFalse();
    }

    @Test
    void firstLevelWildcards_doNotMatchDollarTopics_MQTT_4_7_2_1() {
        assertThat(TopicMatch.matches("#", "$SYS/uptime")).isFalse();
        assertThat(TopicMatch.matches("+/uptime", "$SYS/uptime")).isFalse();
        assertThat(TopicMatch.matches("$SYS/#", "$SYS/uptime")).isTrue();
    }
}
