package io.osprey.broker.retain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.osprey.api.Message;
import io.osprey.api.MessageProperties;
import org.junit.jupiter.api.Test;

class MemoryRetainStoreTest {

    private final MemoryRetainStore store = new MemoryRetainStore();

    private List<String> match(String filter) {
        List<String> out = new ArrayList<>();
        store.match(filter, System.currentTimeMillis(), m -> out.add(m.topic()));
        return out;
    }

    private void put(String topic) {
        store.put(Message.builder(topic).payload("x").retain(true).build());
    }

    @Test
    void wildcardsVisitOnlyMatchingBranches() {
        put("a/b/c");
        put("a/x/c");
        put("a/b");
        put("z");
        put("$SYS/v");
        assertThat(match("a/+/c")).containsExactlyInAnyOrder("a/b/c", "a/x/c");
        assertThat(match("a/#")).containsExactlyInAnyOrder("a/b/c", "a/x/c", "a/b");
        assertThat(match("#")).containsExactlyInAnyOrder("a/b/c", "a/x/c", "a/b", "z");
        assertThat(match("+")).containsExactly("z");
        assertThat(match("$SYS/#")).containsExactly("$SYS/v");
        assertThat(match("a/b")).containsExactly("a/b");
    }

    @Test
    void deletePrunesAndKeepsOthers() {
        put("d/1/x");
        put("d/1");
        assertThat(store.delete("d/1/x")).isTrue();
        assertThat(store.delete("d/1/x")).isFalse();
        assertThat(match("d/#")).containsExactly("d/1");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void expiredMessagesAreNotMatched() {
        store.put(Message.builder("e").retain(true).timestamp(System.currentTimeMillis() - 5000)
                .properties(MessageProperties.NONE.withMessageExpiryInterval(1L)).build());
        assertThat(match("e")).isEmpty();
        assertThat(match("#")).isEmpty();
    }
}
