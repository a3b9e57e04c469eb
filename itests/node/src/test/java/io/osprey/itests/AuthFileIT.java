package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The auth-file plugin in the assembled node, as an admin uses it: load it, add a user with {@code ctl users}, connect
 * with {@code mosquitto_pub} and Paho (3.1.1 and 5), turn {@code allow_anonymous} off in the shipped broker file,
 * change a password, edit {@code etc/passwd} by hand, and unload the plugin. The methods run in order on one node,
 * each building on what the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthFileIT {

    static final int V3_BAD_USERNAME_OR_PASSWORD = 0x04;
    static final int V3_NOT_AUTHORIZED = 0x05;
    static final int V5_BAD_USERNAME_OR_PASSWORD = 0x86;

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("auth-file").start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static Path passwd() {
        return node.home().resolve("etc/passwd");
    }

    @Test
    @Order(1)
    void loadPlugin_addUserWithCtl_theFileKeepsItsHeaderAndGetsOnlyAHash() throws Exception {
        assertThat(Files.readString(passwd())).startsWith("## Osprey password file").doesNotContain("\nalice");
        NodeProcess.Ctl load = node.ctl("plugins", "load", "auth-file");
        assertThat(load.exit()).as(load.out()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.ctl("users", "list").exit() == 0);

        NodeProcess.Ctl add = node.ctl("users", "add", "alice", "s3cret pass");
        assertThat(add.exit()).as(add.out()).isZero();
        assertThat(add.out()).contains("User alice added.");
        assertThat(node.ctl("users", "add", "--superuser", "root", "toor").exit()).isZero();

        String file = Files.readString(passwd());
        assertThat(file).startsWith("## Osprey password file").contains("\nalice:$pbkdf2-sha256$i=10000$")
                .contains("\nroot:$pbkdf2-sha256$i=10000$").endsWith(":superuser\n")
                .doesNotContain("s3cret").doesNotContain("toor");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwd()))).isEqualTo("rw-------");
        assertThat(node.ctl("users", "list").out()).containsPattern("alice\\s+false").containsPattern("root\\s+true");
    }

    @Test
    @Order(2)
    void rightPassword_connects_wrongPassword_isRefused_mosquittoAndPaho() throws Exception {
        Pub ok = mosquittoPub("-V", "mqttv311", "-u", "alice", "-P", "s3cret pass");
        assertThat(ok.exit()).as(ok.out()).isZero();
        Pub ok5 = mosquittoPub("-V", "mqttv5", "-u", "alice", "-P", "s3cret pass");
        assertThat(ok5.exit()).as(ok5.out()).isZero();
        Pub bad = mosquittoPub("-V", "mqttv311", "-u", "alice", "-P", "wrong");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.out()).containsIgnoringCase("bad user name or password");
        Pub bad5 = mosquittoPub("-V", "mqttv5", "-u", "alice", "-P", "wrong");
        assertThat(bad5.exit()).isNotZero();
        assertThat(bad5.out()).containsIgnoringCase("bad user name or password");

        assertThat(connackV3("p1", "alice", "s3cret pass")).isZero();
        assertThat(connackV5("p2", "alice", "s3cret pass")).isZero();
        assertThat(connackV3("p3", "alice", "wrong")).isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);
        assertThat(connackV5("p4", "alice", "wrong")).isEqualTo(V5_BAD_USERNAME_OR_PASSWORD);
        assertThat(connackV3("p5", "nobody", "x")).as("unknown user, allow_anonymous = true").isZero();
    }

    @Test
    @Order(3)
    void allowAnonymousOff_unknownUserIsRefused_andCountedAsNotAuthorized() throws Exception {
        Path cfg = node.home().resolve("etc/osprey.broker.cfg");
        String before = Files.readString(cfg);
        assertThat(before).contains("\nallow_anonymous = true\n");
        Files.writeString(cfg, before.replace("\nallow_anonymous = true\n", "\nallow_anonymous = false\n"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> connackV3("anon-probe", "nobody", "x") == V3_NOT_AUTHORIZED);
        assertThat(connackV5("anon5", "nobody", "x")).isEqualTo(V5_BAD_USERNAME_OR_PASSWORD);
        assertThat(connackV3("anon3", null, null)).isEqualTo(V3_NOT_AUTHORIZED);
        Pub anon = mosquittoPub("-V", "mqttv311");
        assertThat(anon.exit()).isNotZero();
        assertThat(anon.out()).containsIgnoringCase("not authorised");
        assertThat(connackV3("alice-still", "alice", "s3cret pass")).isZero();
        assertThat(api("/api/v4/listeners")).contains("\"not_authorized\"");
        assertThat(api("/api/v4/metrics")).contains("\"auth_file.denied\"", "\"auth_file.ignored\"");
    }

    @Test
    @Order(4)
    void passwordChangedWithCtl_andFileEditedByHand_applyWithoutRestart() throws Exception {
        assertThat(node.ctl("users", "passwd", "alice", "n3w pass").exit()).isZero();
        assertThat(connackV3("c1", "alice", "s3cret pass")).isEqualTo(V3_BAD_USERNAME_OR_PASSWORD);
        assertThat(connackV3("c2", "alice", "n3w pass")).isZero();

        // by hand: delete root's line; a bad line is reported with file and line, and the entries in force stay
        String file = Files.readString(passwd());
        String withoutRoot = file.substring(0, file.indexOf("\nroot:") + 1);
        Files.writeString(passwd(), withoutRoot + "mallory:plaintext\n");
        int badLine = withoutRoot.split("\n").length + 1;
        String where = passwd() + ":" + badLine + ": expected a hash";
        await().atMost(Duration.ofSeconds(10)).until(() -> node.output().stream().anyMatch(l -> l.contains(where)));
        assertThat(node.output()).noneMatch(l -> l.contains("plaintext"));
        assertThat(connackV3("r1", "root", "toor")).as("previous entries in force").isZero();
        Files.writeString(passwd(), withoutRoot);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> connackV3("r2", "root", "toor") == V3_NOT_AUTHORIZED);
    }

    @Test
    @Order(5)
    void pluginUnloaded_authenticationIsGone_loadedAgain_itIsBack() throws Exception {
        assertThat(node.ctl("plugins", "unload", "auth-file").exit()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.ctl("users", "list").out()
                .contains("Unknown command: users"));
        assertThat(connackV3("u1", "alice", "n3w pass")).as("no authenticator, allow_anonymous = false")
                .isEqualTo(V3_NOT_AUTHORIZED);

        assertThat(node.ctl("plugins", "load", "auth-file").exit()).isZero();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> connackV3("u2", "alice", "n3w pass") == 0);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    record Pub(int exit, String out) {
    }

    /** A GET of the management API with the shipped credentials; the body. */
    static String api(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:public"
                        .getBytes(StandardCharsets.UTF_8))).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code mosquitto_pub} of one QoS 1 message to the node, with the given options. */
    static Pub mosquittoPub(String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                Integer.toString(node.mqttPort), "-t", "auth/test", "-m", "hello", "-q", "1", "-i",
                "mosq-" + System.nanoTime()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("mosquitto_pub did not finish: " + cmd);
        }
        return new Pub(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The CONNACK return code a 3.1.1 client gets (0: accepted, and disconnected again). */
    static int connackV3(String id, String username, String password) {
        return new TestClients(node.mqttUri()).connackV3(id, username, password);
    }

    /** The CONNACK reason code an MQTT 5 client gets (0: accepted, and disconnected again). */
    static int connackV5(String id, String username, String password) {
        return new TestClients(node.mqttUri()).connackV5(id, username, password);
    }
}
