package io.osprey.plugin.mysql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class WriterTest {

    static Write w(String sql, String key, Object... params) {
        return new Write(sql, params, key);
    }

    @Test
    void coalesce_keepsOnlyTheLastWritePerKey_andTheOrderOfTheRest() {
        List<Write> batch = List.of(w("insert m", null, 1), w("ack", "c1", 1), w("insert m", null, 2),
                w("ack", "c2", 2), w("ack", "c1", 3), w("insert m", null, 3), w("ack", "c1", 4));
        List<Write> out = Writer.coalesce(batch);
        assertThat(out).extracting(x -> x.sql() + x.params()[0]).containsExactly("insert m1", "insert m2", "ack2",
                "insert m3", "ack4");
    }

    @Test
    void coalesce_withoutKeys_returnsTheBatchItself() {
        List<Write> batch = List.of(w("a", null), w("b", null));
        assertThat(Writer.coalesce(batch)).isSameAs(batch);
    }
}
