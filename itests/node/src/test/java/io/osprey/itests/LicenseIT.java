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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The license plugin in the assembled node, as the vendor and an admin use it: licenses issued with
 * {@code bin/osprey license-tool} and a test key pair (the node trusts it through
 * {@code OSPREY_LICENSE__PUBLIC_KEY_FILE}), a tampered {@code etc/osprey.lic} at start,
 * {@code ctl license info|reload}, the upload API, alarms, plugin unload/load, a restart, and expiry — with real
 * MQTT clients. The methods run in order on one node, each building on the license the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LicenseIT {

    static final int QUOTA_V5 = 0x97;
    static final int SERVER_UNAVAILABLE_V3 = 0x03;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static NodeProcess node;
    static Path vendor;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("license");
        vendor = Path.of("target", "license-vendor-" + System.nanoTime()).toAbsolutePath();
        tool("keygen", vendor.toString());
        Path tampered = issue("tampered-at-start", 1000, "+30d");
        Files.writeString(node.home().resolve("etc/osprey.lic"),
                Files.readString(tampered).replace("max_connections = 1000", "max_connections = 100000"));
        node.env().put("OSPREY_LICENSE__PUBLIC_KEY_FILE", vendor.resolve("license.pub").toString());
        node.env().put("OSPREY_LICENSE__FALLBACK_MAX_CONNECTIONS", "2");
        node.env().put("OSPREY_LICENSE__CHECK_INTERVAL", "300ms");
        node.env().put("OSPREY_MANAGEMENT__PASSWORD", "license-it"); // the default one serves read-only requests
        node.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> api("GET", "/api/v4/stats", null).body()
                .matches("(?s).*\"connections\\.count\":0[,}].*"));
    }

    // ---- the vendor's side -------------------------------------------------------------------------------

    @Test
    @Order(1)
    void licenseTool_issuesAndVerifies_andTheShippedPublicKeyIsAnotherKey() throws Exception {
        Path lic = issue("tool-check", 10, "2099-12-31");
        NodeProcess.Ctl ok = node.osprey("license-tool", "verify", "--pub", vendor.resolve("license.pub").toString(),
                lic.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("customer         ACME Corp", "max_connections  10", "signature        valid");

        NodeProcess.Ctl shipped = node.osprey("license-tool", "verify", "--pub",
                node.home().resolve("etc/license.pub").toString(), lic.toString());
        assertThat(shipped.exit()).isEqualTo(1);
        assertThat(shipped.out()).contains("signature does not match");
        assertThat(Files.readString(node.home().resolve("etc/osprey.license.cfg")))
                .contains("public_key_file = etc/license.pub");
        assertThat(node.osprey("license-tool").exit()).isEqualTo(2);
    }

    // ---- the node ----------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void tamperedLicenseAtStart_isLoggedAndShown_andTheFallbackLimitApplies() throws Exception {
        NodeProcess.Ctl load = node.ctl("plugins", "load", "license");
        assertThat(load.exit()).as(load.out()).isZero();
        String expected = "No valid license (rejected " + node.home().resolve("etc/osprey.lic")
                + ": signature does not match the vendor public key";
        await().atMost(Duration.ofSeconds(10)).until(() -> node.output().stream().anyMatch(l -> l.contains(expected)));
        NodeProcess.Ctl info = node.ctl("license", "info");
        assertThat(info.out()).contains("no license", "signature does not match", "max_connections           2");
        await().atMost(Duration.ofSeconds(5)).until(() -> activeAlarms().contains("\"name\":\"license_fallback\""));
        assertThat(node.ctl("alarms").out()).contains("license_fallback");

        v5("fb-1");
        v3("fb-2");
        assertThat(connackV5("fb-3")).isEqualTo(QUOTA_V5);
    }

    @Test
    @Order(3)
    void reload_appliesTheLicenseWithoutRestart_andItsLimitHoldsForRealClients() throws Exception {
        Path lic = issue("acme-3", 3, "+90d");
        NodeProcess.Ctl reload = node.ctl("license", "reload", lic.toString());
        assertThat(reload.exit()).as(reload.out()).isZero();
        assertThat(reload.out()).contains("License installed.", "customer                  ACME Corp",
                "edition                   official", "max_connections           3");
        assertThat(node.home().resolve("data/licenses/osprey.lic")).hasSameBinaryContentAs(lic);

        v5("a");
        v3("b");
        v5("c");
        assertThat(connackV5("d")).isEqualTo(QUOTA_V5);
        assertThat(connackV3("d")).isEqualTo(SERVER_UNAVAILABLE_V3);
        assertThat(node.ctl("license", "info").out()).contains("connections               3",
                "usage                     100%");
        assertThat(node.ctl("broker", "metrics").out()).contains("license.refused.quota");
    }

    @Test
    @Order(4)
    void quotaAlarm_isRaisedAbove80Percent_publishedOnSys_listedByCtlAndApi_andClearedBelow75() throws Exception {
        Mqtt.Client watcher = track(Mqtt.connect(node.mqttUri(), "alarm-watcher"));
        watcher.paho.subscribe("$SYS/brokers/+/alarms/#", 0);
        var second = v3("busy-1");
        v3("busy-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> activeAlarms().contains("\"name\":\"license_quota\""));
        assertThat(watcher.next(5)).contains("\"name\":\"license_quota\"").contains("3 of 3 licensed connections");
        assertThat(node.ctl("alarms").out()).contains("license_quota");

        second.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !activeAlarms().contains("license_quota"));
        assertThat(watcher.next(5)).contains("\"name\":\"license_quota\"").contains("\"activated\":false");
        assertThat(node.ctl("alarms", "history").out()).contains("license_quota");
    }

    @Test
    @Order(5)
    void tamperedAndMalformedLicenses_areRejectedWithTheReason_andTheLicenseInForceStays() throws Exception {
        Path tampered = issue("tampered", 3, "+90d");
        Files.writeString(tampered, Files.readString(tampered).replace("ACME Corp", "ACME Corp Unlimited"));
        NodeProcess.Ctl t = node.ctl("license", "reload", tampered.toString());
        assertThat(t.exit()).isEqualTo(1);
        assertThat(t.out()).contains("License not installed: " + tampered + ": signature does not match");

        Path malformed = Files.writeString(vendor.resolve("malformed.lic"), "max_connections: lots\n");
        NodeProcess.Ctl m = node.ctl("license", "reload", malformed.toString());
        assertThat(m.exit()).isEqualTo(1);
        assertThat(m.out()).contains(malformed + ": line 1: expected 'key = value', found 'max_connections: lots'");

        HttpResponse<String> upload = api("POST", "/api/v4/license/upload", Files.readString(tampered));
        assertThat(upload.statusCode()).isEqualTo(400);
        assertThat(upload.body()).contains("signature does not match");
        assertThat(node.ctl("license", "info").out()).contains("acme-3");
    }

    @Test
    @Order(6)
    void upload_raisesTheLimitLive() throws Exception {
        v3("u-1");
        v3("u-2");
        v3("u-3");
        assertThat(connackV5("u-4")).isEqualTo(QUOTA_V5);
        HttpResponse<String> upload = api("POST", "/api/v4/license/upload", Files.readString(issue("acme-5", 5,
                "+90d")));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(upload.body()).contains("\"license_id\":\"acme-5\"", "\"max_connections\":5");
        v5("u-4");
        v5("u-5");
        assertThat(connackV5("u-6")).isEqualTo(QUOTA_V5);
        assertThat(api("GET", "/api/v4/license", null).body()).contains("\"connections\":5");
    }

    @Test
    @Order(7)
    void pluginUnloaded_noLimit_loadedAgain_theLimitIsBack() throws Exception {
        assertThat(node.ctl("plugins", "unload", "license").exit()).isZero();
        for (int i = 1; i <= 7; i++) {
            v3("free-" + i);
        }
        assertThat(node.ctl("license", "info").exit()).isEqualTo(1);
        assertThat(node.ctl("alarms").out()).doesNotContain("license_");

        assertThat(node.ctl("plugins", "load", "license").exit()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> api("GET", "/api/v4/license", null).body()
                .contains("\"license_id\":\"acme-5\""));
        assertThat(connackV5("free-8")).isEqualTo(QUOTA_V5);
    }

    @Test
    @Order(8)
    void restart_keepsTheInstalledLicense() throws Exception {
        node.stop();
        node.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> api("GET", "/api/v4/license", null).body()
                .contains("\"license_id\":\"acme-5\""));
        assertThat(node.output()).anyMatch(l -> l.contains("License acme-5 for ACME Corp (official edition) from "
                + node.home().resolve("data/licenses/osprey.lic") + " is in force: at most 5 connections"));
    }

    @Test
    @Order(9)
    void expiredLicense_refusesNewConnections_keepsConnectedOnes_andRaisesTheAlarm() throws Exception {
        NodeProcess.Ctl reload = node.ctl("license", "reload", issue("short", 10, "+8s").toString());
        assertThat(reload.exit()).as(reload.out()).isZero();
        Mqtt.Client early = v3("early");
        early.paho.subscribe("still/working", 1);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> connackV5("late") == QUOTA_V5);
        assertThat(connackV3("late")).isEqualTo(SERVER_UNAVAILABLE_V3);
        early.publish("still/working", "yes", 1);
        assertThat(early.next(5)).isEqualTo("yes");
        assertThat(early.paho.isConnected()).isTrue();

        assertThat(node.ctl("license", "info").out()).contains("status                    expired");
        await().atMost(Duration.ofSeconds(5)).until(() -> activeAlarms().contains("\"name\":\"license_expired\""));
        assertThat(node.ctl("alarms").out()).contains("license_expired");
        assertThat(node.output()).anyMatch(l -> l.contains("The license certificate is expired!"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    static NodeProcess.Ctl tool(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("license-tool"));
        a.addAll(List.of(args));
        NodeProcess.Ctl r = node.osprey(a.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new IllegalStateException("license-tool " + a + " failed: " + r.out());
        }
        return r;
    }

    /** A license signed with the test vendor key by {@code bin/osprey license-tool issue}. */
    static Path issue(String id, int maxConnections, String expiry) throws Exception {
        Path out = vendor.resolve(id + ".lic");
        tool("issue", "--key", vendor.resolve("license.key").toString(), "--customer", "ACME Corp", "--email",
                "ops@acme.example", "--edition", "official", "--max-connections", Integer.toString(maxConnections),
                "--expiry", expiry, "--id", id, "--out", out.toString());
        return out;
    }

    static HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:license-it"
                        .getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static String activeAlarms() throws Exception {
        return api("GET", "/api/v4/alarms?activated=true", null).body();
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    private Mqtt.Client v3(String id) throws Exception {
        return track(Mqtt.connect(node.mqttUri(), id));
    }

    private Mqtt.Client5 v5(String id) throws Exception {
        return track(Mqtt.connect5(node.mqttUri(), id));
    }

    /** The CONNACK return code a 3.1.1 client gets (0: accepted, and disconnected again). */
    static int connackV3(String id) {
        return new TestClients(node.mqttUri()).connackV3(id);
    }

    /** The CONNACK reason code an MQTT 5 client gets (0: accepted, and disconnected again). */
    static int connackV5(String id) {
        return new TestClients(node.mqttUri()).connackV5(id);
    }
}
