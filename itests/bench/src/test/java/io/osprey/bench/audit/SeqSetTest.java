package io.osprey.bench.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqSetTest {

    @Test
    void inOrderNumbers_areCountedOnce_andCompacted() {
        SeqSet s = new SeqSet();
        for (long i = 0; i < 10_000; i++) {
            assertThat(s.add(i)).isTrue();
        }
        assertThat(s.count()).isEqualTo(10_000);
        assertThat(s.duplicates()).isZero();
        assertThat(s.contains(9_999)).isTrue();
        assertThat(s.contains(10_000)).isFalse();
    }

    @Test
    void repeatedNumbers_countAsDuplicates_belowAndAboveTheWatermark() {
        SeqSet s = new SeqSet();
        for (long i = 0; i < 200; i++) {
            s.add(i);
        }
        s.add(500);
        assertThat(s.add(3)).isFalse();
        assertThat(s.add(500)).isFalse();
        assertThat(s.duplicates()).isEqualTo(2);
        assertThat(s.count()).isEqualTo(201);
    }

    @Test
    void missingFrom_countsAcknowledgedNumbersTheReceiverLacks() {
        SeqSet acked = new SeqSet();
        SeqSet seen = new SeqSet();
        for (long i = 0; i < 1000; i++) {
            acked.add(i);
            if (i != 10 && i != 700) {
                seen.add(i);
            }
        }
        seen.add(1500); // received but never acknowledged: not a loss
        assertThat(acked.missingFrom(seen)).isEqualTo(2);
    }

    @Test
    void startAt_acceptsLateArrivalsBelowTheFirstNumber_andCountsGaps() {
        SeqSet s = new SeqSet();
        s.startAt(1000);
        s.add(1000);
        s.add(998); // a shared group's other member was a little slower
        s.add(999);
        s.add(1003);
        assertThat(s.duplicates()).isZero();
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.gaps()).isEqualTo(2); // 1001 and 1002
    }
}
