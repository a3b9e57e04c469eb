package io.osprey.plugin.kafka.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.osprey.plugin.kafka.rule.PartitionStrategy;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    @Test
    void roundTrip_keepsEveryField() {
        BridgeRecord r = new BridgeRecord("hook.message.publish.1", "sensors", PartitionStrategy.ROUNDROBIN,
                "dev-1".getBytes(StandardCharsets.UTF_8), "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                List.of(new BridgeRecord.Header("site", "lyon".getBytes(StandardCharsets.UTF_8))));
        byte[] bytes = RecordCodec.encode(r);
        BridgeRecord back = RecordCodec.decode(bytes);
        assertThat(back.ruleId()).isEqualTo(r.ruleId());
        assertThat(back.topic()).isEqualTo("sensors");
        assertThat(back.strategy()).isEqualTo(PartitionStrategy.ROUNDROBIN);
        assertThat(back.key()).isEqualTo(r.key());
        assertThat(back.value()).isEqualTo(r.value());
        assertThat(back.headers()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("site");
            assertThat(h.value()).isEqualTo("lyon".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(RecordCodec.ruleId(bytes)).isEqualTo("hook.message.publish.1");
    }

    @Test
    void noKey_staysNoKey() {
        BridgeRecord r = new BridgeRecord("r", "t", PartitionStrategy.FIRST_KEY_DISPATCH, null, new byte[0], List.of());
        assertThat(RecordCodec.decode(RecordCodec.encode(r)).key()).isNull();
    }

    @Test
    void unknownVersionOrTruncatedBytes_areRefused() {
        byte[] bytes = RecordCodec.encode(new BridgeRecord("r", "t", PartitionStrategy.RANDOM, null, new byte[10],
                List.of()));
        byte[] wrongVersion = bytes.clone();
        wrongVersion[0] = 9;
        assertThatThrownBy(() -> RecordCodec.decode(wrongVersion)).hasMessageContaining("unknown record version 9");
        assertThatThrownBy(() -> RecordCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
