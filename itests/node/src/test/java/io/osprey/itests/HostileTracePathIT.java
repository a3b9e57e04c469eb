package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.basic;
import static io.osprey.itests.AttackSupport.connect;
import static io.osprey.itests.AttackSupport.http;
import static io.osprey.itests.AttackSupport.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.osprey.itests.AttackSupport.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks through {@code ctl trace}: a trace file written outside {@code log/} (appending to {@code etc/acl.conf}, a
 * crontab or {@code authorized_keys} through the API), and trace lines forged by a client whose payload holds a
 * newline and a timestamp, or terminal escape sequences for whoever reads the file.
 */
class HostileTracePathIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = AttackSupport.start("trace", "OSPREY_MANAGEMENT__PASSWORD", "trace-it");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void traceFilesOutsideLog_areRefused() throws Exception {
        Path acl = node.home().resolve("etc/acl.conf");
        String before = Files.readString(acl);
        for (String file : List.of("../etc/acl.conf", acl.toString(), "/tmp/osprey-trace-escape.log",
                "traces/../../etc/acl.conf")) {
            NodeProcess.Ctl ctl = node.ctl("trace", "start", "client", "x", file);
            assertThat(ctl.exit()).as(file).isEqualTo(1);
            assertThat(ctl.out()).contains("trace files are written under log/ only");
        }
        AttackSupport.Http api = http(node, "POST", "/api/v4/trace", null, basic("admin", "trace-it"),
                "\n{\"type\":\"topic\",\"target\":\"#\",\"file\":\"../etc/acl.conf\"}");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.body()).contains("under log/ only");
        assertThat(Files.readString(acl)).isEqualTo(before);
        assertThat(Path.of("/tmp/osprey-trace-escape.log")).doesNotExist();
        assertThat(node.ctl("trace", "list").out()).doesNotContain("acl.conf");
        assertServed(node);
    }

    @Test
    void forgedLinesAndEscapeSequences_areEscaped() throws Exception {
        NodeProcess.Ctl start = node.ctl("trace", "start", "topic", "esc/#", "esc.log", "debug");
        assertThat(start.exit()).as(start.out()).isZero();
        try (Raw c = new Raw(node.mqttPort)) {
            c.send(connect(4, "forger\nx", null, null, null));
            assertThat(c.connack()).isZero();
            c.send(publish(false, 1, "esc/t", 1, "ok\n2026-01-01T00:00:00Z topic esc/t from admin PUBLISH(payload="
                    + "rm -rf)\u001b[2J\u202e"));
            assertThat(c.read().type()).isEqualTo(4);
            assertServed(node); // during
        }
        Path file = node.home().resolve("log/esc.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file)
                && Files.readString(file).contains("esc/t"));
        assertThat(node.ctl("trace", "stop", "topic", "esc/#").exit()).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*"));
        assertThat(lines.get(1)).contains("from forger\\nx").contains("payload=ok\\n2026-01-01T00:00:00Z")
                .contains("\\x1b[2J").contains("\\u202e");
        assertThat(String.join("", lines)).doesNotContain("\u001b").doesNotContain("\u202e");
        assertServed(node);
    }
}
