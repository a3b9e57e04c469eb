package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code bin/osprey start|status|stop}: a daemon with a pid file, stopped gracefully. */
class DaemonIT {

    @Test
    void startStatusStop_withGracefulDisconnect0x8B() throws Exception {
        try (NodeProcess node = NodeProcess.copy("daemon")) {
            NodeProcess.Ctl start = node.osprey("start");
            assertThat(start.exit()).as(start.out()).isZero();
            assertThat(start.out()).contains("is running now!");
            assertThat(Files.exists(node.home().resolve("data/osprey.pid"))).isTrue();
            assertThat(Files.readString(node.home().resolve("log/osprey.log")))
                    .contains("Start mqtt:tcp listener on 127.0.0.1:" + node.mqttPort + " successfully.");

            NodeProcess.Ctl status = node.osprey("status");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("is started");

            try (var v5 = Mqtt.connect5(node.mqttUri(), "graceful")) {
                NodeProcess.Ctl stop = node.osprey("stop");
                assertThat(stop.exit()).as(stop.out()).isZero();
                assertThat(v5.disconnectReason.get(10, TimeUnit.SECONDS)).isEqualTo(0x8B);
            }
            NodeProcess.Ctl after = node.osprey("status");
            assertThat(after.exit()).isEqualTo(1);
            assertThat(after.out()).contains("Node is not running.");
            NodeProcess.Ctl ctl = node.ctl("status");
            assertThat(ctl.exit()).isEqualTo(1);
            assertThat(ctl.out()).contains("Node is not running.");
        }
    }
}
