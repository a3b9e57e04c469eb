package io.osprey.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void scenarioDefaults_areTheTargetTablesShapes() {
        BenchOptions o = CommandLine.parse(List.of("fanin"));
        assertThat(o.scenario()).isEqualTo(Scenario.FANIN);
        assertThat(o.count()).isEqualTo(50);
        assertThat(o.payloadSize()).isEqualTo(64);
        assertThat(o.topic()).isEqualTo("bench/fanin/%i");
        assertThat(o.filter()).isEqualTo("bench/fanin/+");
        assertThat(o.mqttVersion()).isEqualTo(4);
        assertThat(CommandLine.parse(List.of("p2p")).count()).isEqualTo(500);
    }

    @Test
    void longShortAndEqualsForms_areAccepted() {
        BenchOptions o = CommandLine.parse(List.of("fanout", "-q", "1", "--size=128", "--subscribers", "7",
                "--mqtt", "5", "--ws", "--tls", "--insecure"));
        assertThat(o.qos()).isEqualTo(1);
        assertThat(o.subQos()).isEqualTo(1);
        assertThat(o.payloadSize()).isEqualTo(128);
        assertThat(o.count()).isEqualTo(7);
        assertThat(o.v5()).isTrue();
        assertThat(o.webSocket().enabled()).isTrue();
        assertThat(o.webSocket().path()).isEqualTo("/mqtt");
        assertThat(o.tls().trustAll()).isTrue();
    }

    @Test
    void connRate_isTheConnectionRate() {
        BenchOptions o = CommandLine.parse(List.of("conn", "--rate", "2000"));
        assertThat(o.connectRate()).isEqualTo(2000);
        assertThat(o.rate()).isZero();
    }

    @Test
    void mistakes_sayWhatIsExpected() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("fanin", "--qos", "3")))
                .hasMessage("--qos '3': expected an integer from 0 to 2");
        assertThatThrownBy(() -> CommandLine.parse(List.of("fanin", "--size", "10")))
                .hasMessageContaining("at least 28 bytes");
        assertThatThrownBy(() -> CommandLine.parse(List.of("storm")))
                .hasMessageContaining("unknown scenario 'storm'");
        assertThatThrownBy(() -> CommandLine.parse(List.of("sub", "--share", "a/b")))
                .hasMessageContaining("--share 'a/b'");
    }

    @Test
    void help_returnsNoOptions() {
        assertThat(CommandLine.parse(List.of("--help"))).isNull();
        assertThat(CommandLine.parse(List.of("fanin", "--help"))).isNull();
    }

    @Test
    void defaultWindow_keepsSubscriberQueuesAndTotalInFlightBounded() {
        assertThat(BenchOptions.defaultWindow(50, 50)).isEqualTo(10);
        assertThat(BenchOptions.defaultWindow(1, 1)).isEqualTo(64);
        assertThat(BenchOptions.defaultWindow(1, 500)).isEqualTo(10);
        assertThat(BenchOptions.defaultWindow(1, 100_000)).isEqualTo(4);
    }
}
