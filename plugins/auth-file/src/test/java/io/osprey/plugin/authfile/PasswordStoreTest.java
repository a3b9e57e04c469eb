package io.osprey.plugin.authfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.plugin.authfile.passwd.Entry;
import io.osprey.plugin.authfile.passwd.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store over real files in a temporary home folder; the periodic check is off and called by hand. */
class PasswordStoreTest {

    static final String H = PasswordHash.create("pw", 1000).encoded();

    @TempDir
    Path home;
    private PasswordStore store;

    private PasswordStore start(String... config) {
        Map<String, Object> c = new HashMap<>();
        c.put("check_interval", "0");
        for (int i = 0; i < config.length; i += 2) {
            c.put(config[i], config[i + 1]);
        }
        store = new PasswordStore(c, home);
        return store;
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.deactivate();
        }
    }

    private Path passwd() {
        return home.resolve("etc/passwd");
    }

    @Test
    @DisplayName("no file: no entries; the first edit creates it with mode 0600 (and its folder)")
    void missingFile_noEntries_firstEditCreatesItOwnerOnly() throws Exception {
        start();
        assertThat(store.credentials().users()).isZero();
        store.update((file, onDisk) -> file.put(Entry.Kind.USER, "alice", PasswordHash.parse(H), false));
        assertThat(Files.readString(passwd())).isEqualTo("alice:" + H + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwd()))).isEqualTo("rw-------");
        assertThat(store.credentials().user("alice")).isNotNull();
        try (var files = Files.list(passwd().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("passwd"); // no temp file left
        }
    }

    @Test
    @DisplayName("bad lines at start: the good lines apply, names on bad lines are refused, each bad line is logged")
    void malformedAtStart_goodLinesApply_namesOnBadLinesAreRefused() throws Exception {
        Files.createDirectories(passwd().getParent());
        Files.writeString(passwd(), "alice:" + H + "\nbob:hunter2\n");
        try (LogCapture log = new LogCapture(PasswordStore.class)) {
            start();
            assertThat(log.lines()).contains("ERROR Bad line in password file " + passwd() + ":2: expected a hash "
                    + "$pbkdf2-sha256$i=<iterations>$<salt>$<key>; plain-text passwords are not accepted "
                    + "(use 'ctl users passwd' to set one)");
            assertThat(log.lines()).anyMatch(l -> l.contains("using the good lines (2 users and 0 client ids); "
                    + "the names on bad lines are refused until it is fixed"));
        }
        assertThat(store.credentials().user("alice").verifiable()).isTrue();
        assertThat(store.credentials().user("bob").verifiable()).isFalse();
        assertThat(store.problems()).containsExactly(passwd() + ":2: expected a hash "
                + "$pbkdf2-sha256$i=<iterations>$<salt>$<key>; plain-text passwords are not accepted "
                + "(use 'ctl users passwd' to set one)");

        Files.writeString(passwd(), "alice:" + H + "\nbob:" + H + "\n");
        store.check();
        assertThat(store.credentials().user("bob").verifiable()).isTrue();
        assertThat(store.problems()).isEmpty();
    }

    @Test
    @DisplayName("the file removed: no entries (warned); put back: its entries again")
    void fileRemoved_noEntries_putBack_entriesAgain() throws Exception {
        Files.createDirectories(passwd().getParent());
        Files.writeString(passwd(), "alice:" + H + "\n");
        start();
        try (LogCapture log = new LogCapture(PasswordStore.class)) {
            Files.delete(passwd());
            store.check();
            assertThat(store.credentials().users()).isZero();
            assertThat(log.lines()).contains("WARN Password file " + passwd()
                    + " was removed: no user or client id is known now");
        }
        Files.writeString(passwd(), "alice:" + H + "\n");
        store.check();
        assertThat(store.credentials().users()).isEqualTo(1);
    }

    @Test
    @DisplayName("a file caught between an editor's truncate and write is not applied; the next poll applies it whole")
    void fileWrittenInPlace_halfWrittenVersionIsNotApplied() throws Exception {
        Files.createDirectories(passwd().getParent());
        Files.writeString(passwd(), "alice:" + H + "\nroot:" + H + "\n");
        Map<String, Object> c = new HashMap<>(Map.of("check_interval", "0"));
        store = new PasswordStore(c, home, Duration.ofMillis(500));
        assertThat(store.credentials().users()).isEqualTo(2);

        Files.writeString(passwd(), ""); // truncated: what a poll may see in the middle of an in-place write
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(50); // well inside the settle time
                Files.writeString(passwd(), "alice:" + H + "\nroot:" + H + "\nbob:" + H + "\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        store.check();
        writer.join();
        assertThat(store.credentials().users()).as("the empty version was not applied").isEqualTo(2);
        store.check();
        assertThat(store.credentials().users()).isEqualTo(3);
    }

    @Test
    @DisplayName("password_file changed in the configuration: the other file is read at once; relative to home")
    void passwordFileChanged_theOtherFileApplies() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/devices"), "clientid:dev-1:" + H + "\n");
        start();
        assertThat(store.credentials().clientIds()).isZero();
        store.modified(Map.of("password_file", "conf/devices", "check_interval", "0"));
        assertThat(store.settings().passwordFile()).isEqualTo(home.resolve("conf/devices"));
        assertThat(store.credentials().clientId("dev-1")).isNotNull();
    }

    @Test
    @DisplayName("a bad configuration value is logged with file, line and key; the previous configuration stays")
    void badConfigurationValue_isLogged_andThePreviousStays() throws Exception {
        start("hash_iterations", "20000");
        Path cfg = Files.writeString(home.resolve("osprey.auth.file.cfg"), "# x\nhash_iterations = lots\n");
        try (LogCapture log = new LogCapture(PasswordStore.class)) {
            store.modified(Map.of(ConfigReader.FILE_PROPERTY, cfg.toUri().toString(), "hash_iterations", "lots"));
            assertThat(log.lines()).contains("ERROR Bad configuration value " + cfg + ":2: hash_iterations = "
                    + "\"lots\": expected an integer from 1000 to 10000000; keeping the previous configuration");
        }
        assertThat(store.settings().hashIterations()).isEqualTo(20000);
    }
}
