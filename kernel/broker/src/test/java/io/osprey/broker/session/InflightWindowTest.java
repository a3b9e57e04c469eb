package io.osprey.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class InflightWindowTest {

    private static InflightEntry entry(int id) {
        return new InflightEntry(id, null, null, 1, 0);
    }

    @Test
    void behavesLikeAnInsertionOrderedMap_underRandomAddsAndRemoves() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            InflightWindow w = new InflightWindow();
            LinkedHashMap<Integer, InflightEntry> model = new LinkedHashMap<>();
            for (int step = 0; step < 20_000; step++) {
                int op = random.nextInt(10);
                if (op < 5 && model.size() < 1000) {
                    int id = w.nextPacketId();
                    assertThat(model).doesNotContainKey(id);
                    InflightEntry e = entry(id);
                    w.add(e);
                    model.put(id, e);
                } else if (op < 9 && !model.isEmpty()) {
                    // remove a random one, often the oldest (acks mostly come in order)
                    List<Integer> keys = new ArrayList<>(model.keySet());
                    int id = random.nextBoolean() ? keys.get(0) : keys.get(random.nextInt(keys.size()));
                    assertThat(w.remove(id)).isSameAs(model.remove(id));
                } else {
                    int id = 1 + random.nextInt(65535);
                    assertThat(w.get(id)).isSameAs(model.get(id));
                    if (!model.containsKey(id)) {
                        assertThat(w.remove(id)).isNull();
                    }
                }
                assertThat(w.size()).isEqualTo(model.size());
            }
            assertThat(w.entries()).containsExactlyElementsOf(model.values());
            for (Integer id : model.keySet()) {
                assertThat(w.get(id)).isSameAs(model.get(id));
            }
        }
    }

    @Test
    void packetIdsWrapAndSkipThoseInFlight() {
        InflightWindow w = new InflightWindow();
        for (int i = 1; i <= 65535; i++) {
            int id = w.nextPacketId();
            assertThat(id).isEqualTo(i);
            if (id == 1 || id == 2) {
                w.add(entry(id));
            }
        }
        assertThat(w.nextPacketId()).isEqualTo(3); // 1 and 2 are still in flight
        w.clear();
        assertThat(w.isEmpty()).isTrue();
        assertThat(w.entries()).isEmpty();
        assertThat(w.get(1)).isNull();
    }
}
