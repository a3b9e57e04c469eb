package io.osprey.broker.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.osprey.api.service.CommandException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctl trace}: files only under log/, and lines that cannot forge or garble what a reader sees. */
class TraceAdminTest {

    @TempDir
    Path home;
    private Path logDir;
    private TraceRegistry traces;
    private TraceAdmin admin;

    @BeforeEach
    void setUp() throws Exception {
        logDir = Files.createDirectories(home.resolve("log"));
        traces = new TraceRegistry();
        admin = new TraceAdmin(traces, logDir);
    }

    @AfterEach
    void tearDown() {
        traces.shutdown();
    }

    @Test
    @DisplayName("a trace file outside log/ is refused with a clear error, however the path gets there")
    void pathsOutsideLog_areRefused() throws Exception {
        Path outside = home.resolve("outside.log");
        for (String file : List.of("../outside.log", outside.toString(), "sub/../../outside.log", "/etc/cron.d/x",
                "", ".")) {
            assertThatThrownBy(() -> admin.execute(List.of("start", "client", "c1", file)))
                    .as(file).isInstanceOf(CommandException.class)
                    .hasMessageContaining("log/");
        }
        assertThat(outside).doesNotExist();
        Files.createSymbolicLink(logDir.resolve("link.log"), outside);
        assertThatThrownBy(() -> admin.execute(List.of("start", "client", "c1", "link.log")))
                .isInstanceOf(CommandException.class).hasMessageContaining("symbolic link");
        Files.createSymbolicLink(logDir.resolve("linkdir"), home);
        assertThatThrownBy(() -> admin.execute(List.of("start", "client", "c1", "linkdir/x.log")))
                .isInstanceOf(CommandException.class).hasMessageContaining("log/");
        assertThat(outside).doesNotExist();
        assertThat(traces.list()).isEmpty();
    }

    @Test
    @DisplayName("files under log/ (relative, in a subfolder, or absolute) are accepted")
    void pathsUnderLog_areAccepted() throws Exception {
        admin.execute(List.of("start", "client", "a", "a.log"));
        admin.execute(List.of("start", "client", "b", "traces/b.log"));
        admin.execute(List.of("start", "topic", "t/#", logDir.resolve("t.log").toString()));
        assertThat(logDir.resolve("a.log")).exists();
        assertThat(logDir.resolve("traces/b.log")).exists();
        assertThat(logDir.resolve("t.log")).exists();
    }

    @Test
    @DisplayName("control characters in client ids, topics and payloads are escaped: one event is one line")
    void controlCharacters_areEscaped() throws Exception {
        String id = "evil\n2026-01-01T00:00:00Z client admin IN CONNECT\u001b[2J";
        admin.execute(List.of("start", "client", id, "evil.log"));
        traces.forClient(id).line("client " + id + " IN PUBLISH(payload=a\rb\u0000c\u2028d\\)");
        traces.stop("client", id);
        List<String> lines = Files.readAllLines(logDir.resolve("evil.log"));
        assertThat(lines).hasSize(3); // started, the packet, stopped
        assertThat(lines.get(1)).contains("evil\\n2026-01-01T00:00:00Z client admin IN CONNECT\\x1b[2J")
                .contains("payload=a\\rb\\x00c\\u2028d\\\\)");
        assertThat(String.join("", lines)).doesNotContain("\u001b").doesNotContain("\r");
    }
}
