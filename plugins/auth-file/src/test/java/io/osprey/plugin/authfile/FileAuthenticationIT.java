package io.osprey.plugin.authfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.osprey.api.service.CommandException;
import io.osprey.plugin.authfile.passwd.PasswordHash;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin on a real broker with real MQTT clients: passwords right and wrong for both protocol versions, unknown
 * clients under {@code allow_anonymous}, superusers past a deny-all ACL, client id entries, and the password file
 * changed by {@code ctl users}, by an editor, and broken.
 */
class FileAuthenticationIT {

    static final int V3_BAD_USERNAME_OR_PASSWORD = 0x04;
    static final int V3_NOT_AUTHORIZED = 0x05;
    static final int V5_BAD_USERNAME_OR_PASSWORD = 0x86;
    static final int V5_SUBSCRIBE_REFUSED = 0x80;

    @TempDir
    Path home;
    private AuthFileBroker node;
    private TestClients clients;

    private void start(String... brokerConfig) throws Exception {
        node = new AuthFileBroker(home, brokerConfig);
        clients = new TestClients(node.uri());
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @DisplayName("right password: accepted (3.1.1 and 5.0); wrong or missing: CONNACK 0x04 / 0x86, closed as not_authorized")
    void knownUser_rightPasswordAccepted_wrongOrMissingPasswordRefused_bothVersions() throws Exception {
        start();
        node.users("add", "alice", "wonderland");

        assertThat(clients.connackV3("c1", "alice", "wonderland")).isZero();
        assertThat(clients.connackV5("c2", "alice", "wonderland")).isZero();
        assertThat(clients.connackV3("c3", "alice", "Wonderland")).isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);
        assertThat(clients.connackV5("c4", "alice", "Wonderland")).isEqualTo(V5_BAD_USERNAME_OR_PASSWORD);
        assertThat(clients.connackV3("c5", "alice", null)).isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);
        assertThat(clients.connackV5("c6", "alice", "")).isEqualTo(V5_BAD_USERNAME_OR_PASSWORD);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.closed("not_authorized") == 4);
        assertThat(node.metrics.value(FileAuthenticator.DENIED)).isEqualTo(4);
        assertThat(node.metrics.value("packets.connack.auth_error")).isEqualTo(4);
    }

    @Test
    @DisplayName("unknown user: the plugin ignores it, so allow_anonymous decides (on: accepted; off: 0x05 / 0x86)")
    void unknownUser_isLeftToAllowAnonymous() throws Exception {
        start();
        node.users("add", "alice", "wonderland");
        assertThat(clients.connackV3("u1", "mallory", "guess")).isZero();
        assertThat(clients.connackV5("u2", null, null)).isZero();

        node.brokerSetting("allow_anonymous", "false");
        assertThat(clients.connackV3("u3", "mallory", "guess")).isEqualTo(V3_NOT_AUTHORIZED);
        assertThat(clients.connackV5("u4", "mallory", "guess")).isEqualTo(V5_BAD_USERNAME_OR_PASSWORD);
        assertThat(clients.connackV3("u5", null, null)).isEqualTo(V3_NOT_AUTHORIZED);
        assertThat(clients.connackV3("u6", "alice", "wonderland")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.closed("not_authorized") == 3);
        assertThat(node.metrics.value(FileAuthenticator.IGNORED)).isEqualTo(5);
    }

    @Test
    @DisplayName("a superuser passes a deny-all ACL (acl_nomatch = deny); an ordinary user does not")
    void superuser_bypassesAcl_ordinaryUserDoesNot() throws Exception {
        start("acl_nomatch", "deny", "allow_anonymous", "false");
        node.users("add", "root", "toor", "--superuser");
        node.users("add", "alice", "wonderland");

        TestClients.V3 root = clients.v3("root-1", "root", "toor", true);
        assertThat(root.paho.subscribeWithResponse("secret/#", 1).getGrantedQos()).containsExactly(1);
        root.paho.publish("secret/plans", "42".getBytes(), 1, false);
        assertThat(root.next()).isEqualTo("secret/plans 42");

        TestClients.V3 alice = clients.v3("alice-1", "alice", "wonderland", true);
        assertThat(alice.paho.subscribeWithResponse("secret/#", 1).getGrantedQos())
                .containsExactly(V5_SUBSCRIBE_REFUSED);

        node.users("superuser", "alice", "on");
        TestClients.V3 alice2 = clients.v3("alice-2", "alice", "wonderland", true);
        assertThat(alice2.paho.subscribeWithResponse("secret/#", 1).getGrantedQos()).containsExactly(1);
    }

    @Test
    @DisplayName("client id entries: the client id's password admits any user name (or none); both entries must match")
    void clientIdEntries_authenticateByClientIdAndPassword() throws Exception {
        start("allow_anonymous", "false");
        node.clientIds("add", "aa:bb:cc:dd:ee:ff", "dev-secret");
        node.users("add", "alice", "wonderland");

        assertThat(clients.connackV5("aa:bb:cc:dd:ee:ff", null, "dev-secret")).isZero();
        assertThat(clients.connackV3("aa:bb:cc:dd:ee:ff", "any-name", "dev-secret")).isZero();
        assertThat(clients.connackV5("aa:bb:cc:dd:ee:ff", null, "wrong")).isEqualTo(V5_BAD_USERNAME_OR_PASSWORD);
        assertThat(clients.connackV3("aa:bb:cc:dd:ee:ff", "any-name", null)).isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);
        // a user's password does not open a listed client id, nor the other way round
        assertThat(clients.connackV3("aa:bb:cc:dd:ee:ff", "alice", "wonderland")).isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);
        assertThat(clients.connackV3("aa:bb:cc:dd:ee:ff", "alice", "dev-secret")).isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);
        assertThat(clients.connackV3("other-device", "alice", "wonderland")).isZero();
    }

    @Test
    @DisplayName("ctl users add/passwd/del change the file (hashes only, mode 0600) and apply to the next CONNECT")
    void usersCommands_changeTheFile_andApplyAtOnce() throws Exception {
        start("allow_anonymous", "false");
        Files.createDirectories(node.passwd().getParent());
        Files.writeString(node.passwd(), "# my users\n\n# the end\n");
        assertThat(node.users("add", "bob", "builder").text()).isEqualTo("User bob added.");
        assertThat(clients.connackV3("b1", "bob", "builder")).isZero();
        assertThat(clients.connackV3("b1", "bob", "builder")).as("again, from the cache").isZero();
        assertThat(node.metrics.value(FileAuthenticator.CACHE_HITS)).isEqualTo(1);

        node.users("passwd", "bob", "fixer");
        assertThat(clients.connackV3("b2", "bob", "builder")).as("the cached old password is void")
                .isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);
        assertThat(clients.connackV3("b3", "bob", "fixer")).isZero();

        String file = Files.readString(node.passwd());
        assertThat(file).startsWith("# my users\n\n# the end\nbob:$pbkdf2-sha256$i=1000$")
                .doesNotContain("builder").doesNotContain("fixer");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node.passwd())))
                .isEqualTo("rw-------");
        assertThat(node.users("list").text()).contains("bob", "false");

        node.users("del", "bob");
        assertThat(clients.connackV3("b4", "bob", "fixer")).isEqualTo(V3_NOT_AUTHORIZED);
        assertThat(Files.readString(node.passwd())).isEqualTo("# my users\n\n# the end\n");
    }

    @Test
    @DisplayName("the file edited on disk (in place or replaced): the new password works within a check, no restart")
    void fileEditedOnDisk_appliesWithoutRestart() throws Exception {
        start("allow_anonymous", "false");
        node.users("add", "alice", "wonderland");
        assertThat(clients.connackV3("a1", "alice", "wonderland")).isZero();

        // in place, same length, right after the previous write: only the content tells the change
        Files.writeString(node.passwd(), "alice:" + PasswordHash.create("looking-glass", 1000).encoded() + "\n");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> clients.connackV3("a2", "alice", "looking-glass") == 0);
        assertThat(clients.connackV3("a3", "alice", "wonderland")).isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);

        // an editor's way: a new file renamed over the old one, adding a user
        Path tmp = node.passwd().resolveSibling("passwd.new");
        Files.writeString(tmp, Files.readString(node.passwd()) + "carol:"
                + PasswordHash.create("c4r0l", 1000).encoded() + "\n");
        Files.move(tmp, node.passwd(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> clients.connackV3("c1", "carol", "c4r0l") == 0);
    }

    @Test
    @DisplayName("a bad line written to the file: logged as file:line, the users in force stay until it is fixed")
    void malformedEdit_isLoggedWithFileAndLine_andTheUsersInForceStay() throws Exception {
        start("allow_anonymous", "false");
        node.users("add", "alice", "wonderland");
        try (LogCapture log = new LogCapture(PasswordStore.class)) {
            Files.writeString(node.passwd(), "dave:" + PasswordHash.create("d4ve", 1000).encoded()
                    + "\nbob:hunter2\n", StandardOpenOption.APPEND);
            String where = node.passwd() + ":3: ";
            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream().anyMatch(l -> l.contains(where)));
            assertThat(log.lines()).anyMatch(l -> l.equals("ERROR Bad line in password file " + where
                    + "expected a hash $pbkdf2-sha256$i=<iterations>$<salt>$<key>; plain-text passwords are not "
                    + "accepted (use 'ctl users passwd' to set one)"));
            assertThat(log.lines()).anyMatch(l -> l.contains("keeping the entries in force (1 user and 0 client ids)"));
            assertThat(log.lines()).noneMatch(l -> l.contains("hunter2"));
        }
        assertThat(clients.connackV3("a1", "alice", "wonderland")).isZero();
        assertThat(clients.connackV3("d1", "dave", "d4ve")).as("not in force yet").isEqualTo(V3_NOT_AUTHORIZED);
        assertThat(node.users("list").text()).contains("The file has bad lines", node.passwd() + ":3:");
        assertThatThrownBy(() -> node.users("add", "erin", "x")).isInstanceOf(CommandException.class)
                .hasMessageContaining("has bad lines; fix them first (nothing was changed)")
                .hasMessageContaining(node.passwd() + ":3: ");

        Files.writeString(node.passwd(), Files.readString(node.passwd()).replace("bob:hunter2\n", ""));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> clients.connackV3("d2", "dave", "d4ve") == 0);
    }
}
