package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.AuthResult;
import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Access fails closed: an authentication or ACL hook that throws, or whose stage fails, denies, unless the operator
 * says otherwise for that point or that plugin ({@code hook.<point>.on_error}, {@code hook.on_error.<plugin>}).
 */
class FailingHooksIT {

    static final ClientAuthenticate THROWING_AUTH = request -> {
        throw new IllegalStateException("authenticator bug");
    };
    static final ClientAuthenticate FAILED_STAGE_AUTH = request ->
            CompletableFuture.failedFuture(new IllegalStateException("backend said something odd"));
    static final ClientCheckAcl THROWING_ACL = (client, action, topic) -> {
        throw new IllegalStateException("acl bug");
    };

    private static int connack(TestBroker b, int level) throws Exception {
        try (Raw r = Raw.open(b.port())) {
            r.send(level == 5 ? P.connect(5).clientId("c" + System.nanoTime()).props(P.noProps()).bytes()
                    : P.connect(4).clientId("c" + System.nanoTime()).bytes());
            byte[] ack = r.read();
            return level == 5 ? Raw.decode(ack, io.netty.handler.codec.mqtt.MqttVersion.MQTT_5).reasonCode()
                    : ack[3] & 0xFF;
        }
    }

    @Test
    @DisplayName("an authenticator that throws refuses the client (0x88 / 0x03) even with allow_anonymous = true")
    void throwingAuthenticator_refuses() throws Exception {
        try (TestBroker b = TestBroker.start("allow_anonymous", "true")) {
            b.broker().hooks().register(THROWING_AUTH, "flaky", 0);
            assertThat(connack(b, 5)).isEqualTo(0x88);
            assertThat(connack(b, 4)).isEqualTo(0x03);
            b.broker().hooks().unregister(THROWING_AUTH);
            b.broker().hooks().register(FAILED_STAGE_AUTH, "flaky", 0);
            assertThat(connack(b, 5)).isEqualTo(0x88);
            assertThat(b.broker().metrics().get("hooks.errors")).isEqualTo(3);
            b.awaitShutdownCount("not_authorized", 3);
        }
    }

    @Test
    @DisplayName("an authenticator that fails asynchronously also refuses")
    void asyncFailingAuthenticator_refuses() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            ClientAuthenticate later = request -> CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("backend down in a way the plugin did not expect");
            });
            b.broker().hooks().register(later, "flaky", 0);
            assertThat(connack(b, 5)).isEqualTo(0x88);
        }
    }

    @Test
    @DisplayName("hook.on_error.<plugin> = ignore: that plugin's failure is no opinion, the next hook decides")
    void perPluginIgnore_goesOnWithTheChain() throws Exception {
        try (TestBroker b = TestBroker.start("hook.on_error.best-effort", "ignore", "allow_anonymous", "false")) {
            ClientAuthenticate next = request -> AuthResult.allow();
            b.broker().hooks().register(THROWING_AUTH, "best-effort", 10);
            b.broker().hooks().register(next, "next", 0);
            assertThat(connack(b, 5)).isZero();
            b.broker().hooks().unregister(THROWING_AUTH);
            b.broker().hooks().register(THROWING_AUTH, "strict", 10);
            assertThat(connack(b, 5)).as("other plugins still fail closed").isEqualTo(0x88);
        }
    }

    @Test
    @DisplayName("an ACL hook that throws denies (PUBACK 0x87, SUBACK 0x87); on_error = ignore lets acl_nomatch decide")
    void throwingAcl_denies() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            b.broker().hooks().register(THROWING_ACL, "flaky-acl", 0);
            try (Raw c = Raw.connected5(b.port(), P.connect(5).clientId("acl-victim").props(P.noProps()).bytes())) {
                c.send(P.subscribe(1, P.noProps(), "t/#", 1));
                assertThat(c.read5().codes()).containsExactly(0x87);
                c.send(P.publish(1, false, false, "t/x", 2, P.noProps(), "x".getBytes()));
                assertThat(c.read5().reasonCode()).isEqualTo(0x87);
            }
        }
        try (TestBroker b = TestBroker.start("hook.client.check_acl.on_error", "ignore")) {
            b.broker().hooks().register(THROWING_ACL, "flaky-acl", 0);
            ClientCheckAcl never = (client, action, topic) -> AclResult.IGNORE.stage();
            b.broker().hooks().register(never, "other", -5);
            try (Raw c = Raw.connected5(b.port(), P.connect(5).clientId("acl-ok").props(P.noProps()).bytes())) {
                c.send(P.subscribe(1, P.noProps(), "t/#", 1));
                assertThat(c.read5().codes()).containsExactly(1);
            }
        }
    }

    @Test
    @DisplayName("a hook.on_error.<plugin> value other than deny or ignore is reported with its key")
    void badOnErrorValue_isReported() {
        var r = io.osprey.api.config.ConfigReader.of("broker", java.util.Map.of("hook.on_error.flaky", "maybe"),
                java.util.Map.of());
        io.osprey.broker.config.BrokerSettings.read(r, java.nio.file.Path.of("target"));
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.describe())
                .contains("hook.on_error.flaky").contains("maybe").contains("deny or ignore"));
    }
}
