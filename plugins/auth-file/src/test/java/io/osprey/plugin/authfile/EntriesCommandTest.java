package io.osprey.plugin.authfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctl users} and {@code ctl clientids} against a store over a temporary file. */
class EntriesCommandTest {

    @TempDir
    Path home;
    private PasswordStore store;
    private UsersCommand users;
    private ClientIdsCommand clientIds;

    @BeforeEach
    void start() {
        store = new PasswordStore(Map.of("check_interval", "0", "hash_iterations", "1000"), home);
        users = new UsersCommand(store);
        clientIds = new ClientIdsCommand(store);
    }

    @AfterEach
    void stop() {
        store.deactivate();
    }

    private CommandResult users(String... args) throws CommandException {
        return users.execute(List.of(args));
    }

    @Test
    @DisplayName("add, superuser on, passwd (keeps the flag), list, del: text for people, data for --json")
    void lifecycle_textAndData() throws Exception {
        assertThat(users("list").text()).isEqualTo("No users in " + home.resolve("etc/passwd") + "\n");
        assertThat(users("add", "alice", "a").text()).isEqualTo("User alice added.");
        assertThat(users("add", "--superuser", "root", "r").text()).isEqualTo("User root added (superuser).");
        assertThat(users("superuser", "alice", "on").text()).isEqualTo("User alice is a superuser now.");
        assertThat(users("passwd", "alice", "b").text()).isEqualTo("Password of user alice changed.");
        assertThat(users("list").text()).isEqualTo("username  superuser\nalice     true\nroot      true\n");
        assertThat(users("list").data()).isEqualTo(List.of(Map.of("username", "alice", "superuser", true),
                Map.of("username", "root", "superuser", true)));
        assertThat(users("superuser", "alice", "off").data()).isEqualTo(Map.of("username", "alice",
                "superuser", false));
        assertThat(users("del", "root").text()).isEqualTo("User root deleted.");
        assertThat(users().text()).as("no sub-command: list").startsWith("username  superuser\nalice ");
        assertThat(Files.readString(home.resolve("etc/passwd"))).matches("alice:\\$pbkdf2-sha256\\$i=1000\\$\\S+\n");
    }

    @Test
    @DisplayName("client ids are their own list, written with the clientid: prefix")
    void clientIds_areSeparate() throws Exception {
        clientIds.execute(List.of("add", "aa:bb:cc", "pw"));
        assertThat(users("list").text()).startsWith("No users");
        assertThat(clientIds.execute(List.of("list")).text()).isEqualTo("clientid  superuser\naa:bb:cc  false\n");
        assertThat(Files.readString(home.resolve("etc/passwd"))).startsWith("clientid:aa:bb:cc:$pbkdf2-sha256$");
    }

    @Test
    @DisplayName("mistakes exit 1 with a message that says what to do, and change nothing")
    void mistakes_areExplained_andChangeNothing() throws Exception {
        users("add", "alice", "a");
        String before = Files.readString(home.resolve("etc/passwd"));
        assertThatThrownBy(() -> users("add", "alice", "x")).isInstanceOf(CommandException.class)
                .hasMessage("User alice already exists; use 'users passwd alice <password>' to change the password");
        assertThatThrownBy(() -> users("passwd", "bob", "x")).hasMessage("No user bob in "
                + home.resolve("etc/passwd"));
        assertThatThrownBy(() -> users("del", "bob")).hasMessageStartingWith("No user bob in ");
        assertThatThrownBy(() -> users("add", "bob")).hasMessageStartingWith("users add takes a username and a "
                + "password\nusers list");
        assertThatThrownBy(() -> users("add", "bob", "")).hasMessage("The password cannot be empty");
        assertThatThrownBy(() -> users("add", "clientid:x", "p")).hasMessageContaining("cannot start with 'clientid:'");
        assertThatThrownBy(() -> users("superuser", "alice", "maybe")).hasMessageStartingWith("users superuser takes");
        assertThatThrownBy(() -> users("rename", "alice")).hasMessageStartingWith("Unknown command: users rename");
        assertThat(Files.readString(home.resolve("etc/passwd"))).isEqualTo(before);
    }

    @Test
    @DisplayName("usage lists every sub-command")
    void usage_listsEverySubCommand() {
        assertThat(users.usage()).hasSize(5).allMatch(l -> l.startsWith("users "));
        assertThat(String.join("\n", clientIds.usage())).contains("clientids add <clientid> <password> [--superuser]");
    }
}
