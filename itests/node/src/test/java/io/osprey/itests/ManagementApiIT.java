package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP management API of the assembled node: EMQX v4 paths and shapes, Basic auth, clear errors. The node has a
 * password of its own (the default one serves read-only requests only: {@code HostileManagementIT}).
 */
class ManagementApiIT {

    static final String PASSWORD = "api-it-secret";
    static NodeProcess node;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("api");
        node.env().put("OSPREY_MANAGEMENT__PASSWORD", PASSWORD);
        node.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static HttpResponse<String> call(String method, String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> call(String method, String path) throws Exception {
        return call(method, path, "admin", PASSWORD);
    }

    @Test
    void wrongOrMissingCredentials_get401() throws Exception {
        assertThat(call("GET", "/api/v4/brokers", "admin", "wrong").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v4/brokers", "admin", "public").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v4/status", null, null).statusCode()).as("health probe").isEqualTo(200);
        HttpResponse<String> none = call("GET", "/api/v4/brokers", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Basic"));
    }

    @Test
    void statusBrokersListenersAndStats_answerInEmqxShape() throws Exception {
        HttpResponse<String> status = call("GET", "/api/v4/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).startsWith("{\"code\":0,\"data\":").contains("\"status\":\"running\"");
        assertThat(call("GET", "/api/v4/brokers").body()).contains("\"node\":\"osprey@127.0.0.1\"")
                .contains("\"version\"");
        assertThat(call("GET", "/api/v4/listeners").body()).contains("\"listen_on\":\"127.0.0.1:" + node.mqttPort);
        assertThat(call("GET", "/api/v4/stats").body()).contains("\"connections.count\"");
        assertThat(call("GET", "/api/v4/metrics").body()).contains("\"messages.received\"");
    }

    @Test
    void clients_listShowAndKick_andUnknownClientIs404() throws Exception {
        try (var v5 = Mqtt.connect5(node.mqttUri(), "api-client")) {
            HttpResponse<String> list = call("GET", "/api/v4/clients");
            assertThat(list.body()).contains("\"clientid\":\"api-client\"").contains("\"meta\":");
            assertThat(call("GET", "/api/v4/clients/api-client").body()).contains("\"proto_ver\":5");
            HttpResponse<String> kick = call("DELETE", "/api/v4/clients/api-client");
            assertThat(kick.statusCode()).isEqualTo(200);
            assertThat(v5.disconnectReason.get(10, TimeUnit.SECONDS)).isEqualTo(0x98);
        }
        HttpResponse<String> missing = call("GET", "/api/v4/clients/nobody");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"message\":\"Client nobody is not connected\"");
        assertThat(call("DELETE", "/api/v4/clients/nobody").statusCode()).isEqualTo(404);
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void subscriptionsRoutesAndPublish_overApiAndCtl() throws Exception {
        try (var sub = Mqtt.connect(node.mqttUri(), "api-sub")) {
            sub.paho.subscribe("api/+/in", 1);
            assertThat(call("GET", "/api/v4/subscriptions/api-sub").body()).contains("\"topic\":\"api/+/in\"")
                    .contains("\"qos\":1");
            assertThat(call("GET", "/api/v4/routes").body()).contains("\"topic\":\"api/+/in\"");
            HttpResponse<String> pub = post("/api/v4/mqtt/publish",
                    "{\"topic\":\"api/x/in\",\"payload\":\"from-api\",\"qos\":1}");
            assertThat(pub.statusCode()).as(pub.body()).isEqualTo(200);
            assertThat(sub.next(5)).isEqualTo("from-api");
            HttpResponse<String> b64 = post("/api/v4/mqtt/publish",
                    "{\"topic\":\"api/y/in\",\"payload\":\"aGk=\",\"encoding\":\"base64\"}");
            assertThat(b64.statusCode()).isEqualTo(200);
            assertThat(sub.next(5)).isEqualTo("hi");
            assertThat(post("/api/v4/mqtt/publish", "{\"topic\":\"bad/#\"}").statusCode()).isEqualTo(400);
            assertThat(post("/api/v4/mqtt/publish", "not json").statusCode()).isEqualTo(400);

            assertThat(node.ctl("subscriptions", "show", "api-sub").out()).contains("api/+/in");
            assertThat(node.ctl("routes", "show", "api/z/in").out()).contains("api/+/in");
            NodeProcess.Ctl add = node.ctl("subscriptions", "add", "api-sub", "api/added", "0");
            assertThat(add.exit()).as(add.out()).isZero();
            assertThat(node.ctl("subscriptions", "list").out()).contains("api/added");
            assertThat(node.ctl("broker", "stats").out()).contains("subscriptions.count");
            assertThat(node.ctl("broker", "metrics").out()).contains("messages.received");
        }
    }

    @Test
    void plugins_unknownPluginIs404_andUnknownPathIs404() throws Exception {
        assertThat(call("GET", "/api/v4/plugins").body()).startsWith("{\"code\":0,\"data\":[");
        HttpResponse<String> unknown = call("PUT", "/api/v4/plugins/nope/load");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Plugin nope not found");
        assertThat(call("GET", "/api/v4/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void ctlToken_isReadableOnlyByTheNodeUser() throws Exception {
        Path token = node.home().resolve("data/ctl.token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
    }

    @Test
    void tooOldJava_isNamedWithWhatIsNeeded() throws Exception {
        Path fakeHome = Files.createTempDirectory("old-jdk");
        Path bin = Files.createDirectories(fakeHome.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        java.toFile().setExecutable(true);
        NodeProcess other = NodeProcess.copy("oldjava");
        other.env().put("JAVA_HOME", fakeHome.toString());
        int exit = other.startExpectingFailure();
        assertThat(exit).isEqualTo(1);
        assertThat(String.join("\n", other.output())).contains("Osprey needs Java 17 or newer; found openjdk "
                + "version \"11.0.2\"");
    }
}
