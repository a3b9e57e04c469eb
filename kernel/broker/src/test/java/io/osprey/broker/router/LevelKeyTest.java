package io.osprey.broker.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

class LevelKeyTest {

    @Test
    void findsTheStringKeyOfTheSameLevel_withoutASubstring() {
        ConcurrentHashMap<String, Integer> map = new ConcurrentHashMap<>();
        for (int i = 0; i < 1000; i++) {
            map.put("level" + i, i);
        }
        map.put("", -1);
        String topic = "a/level42/level999//x";
        assertThat(map.get(new LevelKey().set(topic, 2, 9))).isEqualTo(42);
        assertThat(map.get(new LevelKey().set(topic, 10, 18))).isEqualTo(999);
        assertThat(map.get(new LevelKey().set(topic, 19, 19))).isEqualTo(-1); // empty level
        assertThat(map.get(new LevelKey().set(topic, 0, 1))).isNull();
        assertThat(map.get(new LevelKey().set(topic, 2, 7))).isNull(); // "level" is a prefix of the level, not a key
        assertThat(new LevelKey().set(topic, 2, 9).hashCode()).isEqualTo("level42".hashCode());
    }
}
