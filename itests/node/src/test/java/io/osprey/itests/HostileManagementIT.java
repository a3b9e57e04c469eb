package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.basic;
import static io.osprey.itests.AttackSupport.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.osprey.itests.failing.FailingHooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Attacks on the management API of a node with the shipped {@code etc/osprey.management.cfg}: the well-known
 * {@code admin/public} used to administer, a web page reaching the loopback API through DNS rebinding, a huge body to
 * fill the heap, and an error that leaks internals in its message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileManagementIT {

    static NodeProcess node;
    static final String DEFAULT = basic("admin", "public");
    static final String OWN = basic("admin", "n3w-Password");

    @BeforeAll
    static void start() throws Exception {
        node = AttackSupport.start("management");
        AttackSupport.dropFailingPlugin(node);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    @Order(1)
    void defaultPassword_readsButCannotAdminister_ctlStillWorks() throws Exception {
        assertThat(http(node, "GET", "/api/v4/clients", null, DEFAULT).status()).isEqualTo(200);
        assertThat(http(node, "GET", "/api/v4/status", null, null).status()).as("health probe").isEqualTo(200);
        AttackSupport.Http publish = http(node, "POST", "/api/v4/mqtt/publish", null, DEFAULT,
                "\n{\"topic\":\"x\",\"payload\":\"y\"}");
        assertThat(publish.status()).isEqualTo(403);
        assertThat(publish.body()).contains("default password");
        assertThat(http(node, "POST", "/api/v4/ctl", null, DEFAULT, "\n{\"args\":[\"banned\",\"add\",\"clientid\","
                + "\"victim\"]}").status()).isEqualTo(403);
        assertThat(http(node, "DELETE", "/api/v4/clients/someone", null, DEFAULT).status()).isEqualTo(403);
        assertThat(http(node, "PUT", "/api/v4/plugins/acl-file/unload", null, DEFAULT).status()).isEqualTo(403);
        assertThat(node.ctl("plugins", "list").out()).contains("acl-file").contains("loaded");
        NodeProcess.Ctl ctl = node.ctl("banned", "add", "clientid", "ctl-works", "60");
        assertThat(ctl.exit()).as(ctl.out()).isZero();
        assertServed(node);
    }

    @Test
    @Order(2)
    void dnsRebinding_foreignHostIsRefused() throws Exception {
        AttackSupport.Http rebound = http(node, "GET", "/api/v4/clients", "attacker.example:" + node.managementPort,
                DEFAULT);
        assertThat(rebound.status()).isEqualTo(400);
        assertThat(rebound.body()).contains("allowed_hosts");
        assertThat(http(node, "GET", "/api/v4/status", "attacker.example", null).status()).isEqualTo(400);
        assertThat(http(node, "GET", "/api/v4/clients", "localhost:" + node.managementPort, DEFAULT).status())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void ownPassword_administers_hugeBodyIsRefusedUnread_crossOriginRefused() throws Exception {
        Path cfg = node.home().resolve("etc/osprey.management.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("password = public", "password = n3w-Password"));
        await().atMost(Duration.ofSeconds(10)).until(() -> http(node, "GET", "/api/v4/clients", null, OWN)
                .status() == 200);
        assertThat(http(node, "GET", "/api/v4/clients", null, DEFAULT).status()).isEqualTo(401);
        assertThat(http(node, "POST", "/api/v4/mqtt/publish", null, OWN, "\n{\"topic\":\"x\",\"payload\":\"y\"}")
                .status()).isEqualTo(200);

        AttackSupport.Http huge = http(node, "POST", "/api/v4/mqtt/publish", null, OWN, "Content-Length: 2000000000",
                "Content-Type: application/json");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body()).contains("max_body_size");
        assertThat(http(node, "POST", "/api/v4/mqtt/publish", null, null, "Content-Length: 2000000000").status())
                .as("nobody unauthenticated gets as far as a body").isEqualTo(401);
        assertThat(http(node, "POST", "/api/v4/mqtt/publish", null, OWN, "Origin: http://attacker.example",
                "\n{\"topic\":\"x\",\"payload\":\"y\"}").status()).isEqualTo(403);
        assertServed(node);
    }

    @Test
    @Order(4)
    void internalError_answersAnIdNotTheException() throws Exception {
        AttackSupport.Http boom = http(node, "GET", "/api/v4/failing/boom", null, OWN);
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.body()).doesNotContain(FailingHooks.SECRET).doesNotContain("IllegalStateException")
                .containsPattern("Internal error [0-9a-f]+");
        String id = boom.body().replaceAll("(?s).*Internal error ([0-9a-f]+).*", "$1");
        await().atMost(Duration.ofSeconds(10)).until(() -> AttackSupport.logs(node).contains("(error id " + id + ")"));
        assertServed(node);
    }
}
