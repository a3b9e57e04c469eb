package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.osprey.api.config.ConfigReader;
import io.osprey.bench.load.StopSignal;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.config.ListenerSettings;

/**
 * Proves the load tool works end to end against a real (in-process) Osprey broker: short runs, no timing asserted.
 * What is asserted is what compare.sh and users rely on: the summary is printed, messages arrive, and the audit
 * finds none lost or duplicated where the broker must not lose or duplicate any.
 */
class BenchSmokeIT {

    private static Broker broker;
    private static int port;

    @BeforeAll
    static void startBroker() throws Exception {
        Path home = Path.of("target");
        broker = new Broker(BrokerSettings.read(ConfigReader.of("broker", Map.of(), Map.of()), home), home);
        broker.start();
        port = broker.startListener(ListenerSettings.read(
                ConfigReader.of("listener-tcp", Map.of("bind", "127.0.0.1:0"), Map.of()), "tcp")).boundPort();
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @Test
    void faninAtQos1_deliversEveryAcknowledgedMessageOnce_andPrintsTheSummary() {
        Run run = run("fanin", "--port", String.valueOf(port), "--count", "4", "--qos", "1", "--duration", "2",
                "--warmup", "0.5", "--json", "--quiet");

        assertThat(run.status).isZero();
        assertThat(run.err).contains("== osprey bench fanin: 4 publishers -> 1 subscriber")
                .contains("lost           QoS 1: 0").contains("duplicated     QoS 1: 0");
        assertThat(number(run.out, "ready")).isEqualTo(5);
        assertThat(number(run.out, "received")).isPositive();
        assertThat(number(run.out, "acked")).isPositive();
        assertThat(number(run.out, "lost")).isZero();
        assertThat(number(run.out, "duplicated")).isZero();
        assertThat(number(run.out, "errors")).isZero();
        assertThat(run.out).contains("\"loss_check\":\"exact\"");
    }

    @Test
    void conn_opensEveryConnectionAndHoldsIt() {
        Run run = run("conn", "--port", String.valueOf(port), "--count", "5", "--rate", "50", "--duration", "0.5",
                "--quiet");

        assertThat(run.status).isZero();
        assertThat(run.out).contains("== osprey bench conn: 5 connections")
                .contains("5 of 5 ready").contains("0 failed, 0 dropped later");
    }

    @Test
    void unknownOption_isABadCommandLine() {
        Run run = run("fanin", "--colour", "blue");

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).contains("unknown option --colour");
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new StopSignal());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9]+)").matcher(json);
        assertThat(m.find()).as("field %s in %s", field, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
