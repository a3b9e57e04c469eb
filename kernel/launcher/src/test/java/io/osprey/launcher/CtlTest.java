package io.osprey.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtlTest {

    @Test
    void body_escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Ctl.body(new String[] {"clients", "show", "a\"b\\c\n\u0001"}))
                .isEqualTo("{\"args\":[\"clients\",\"show\",\"a\\\"b\\\\c\\n\\u0001\"]}");
    }

    @Test
    void withoutEndpointFile_reportsNodeNotRunningAndExits1(@TempDir Path home) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out));
        try {
            assertThat(Ctl.run(home, new String[] {"status"})).isEqualTo(1);
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString()).isEqualTo("Node is not running.\n");
    }
}
