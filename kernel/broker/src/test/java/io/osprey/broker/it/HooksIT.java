package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.osprey.api.ConnectReason;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.AuthResult;
import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.api.hook.ClientConnect;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.ClientSubscribe;
import io.osprey.api.hook.ConnectResult;
import io.osprey.api.hook.MessageDelivered;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.PublishResult;
import io.osprey.broker.hooks.HookStats;
import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every hook point fires with the right data; order, failures, asynchronous hooks and timeouts behave. */
class HooksIT {

    static byte[] c4(String id) {
        return P.connect(4).clientId(id).bytes();
    }

    static byte[] c5(String id) {
        return P.connect(5).clientId(id).props(P.noProps()).bytes();
    }

    @Test
    @DisplayName("a client's whole life fires every hook point in order, with its data")
    void lifecycle_firesEveryHook() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            Recorder rec = new Recorder();
            b.broker().hooks().register(rec, "test", 0);
            try (Raw sub = Raw.open(b.port()); Raw pub = Raw.connected(b.port(), c4("pub"))) {
                sub.send(P.connect(5).clientId("sub").username("alice").props(P.noProps()).bytes());
                Decoded ack = sub.read5();
                assertThat(ack.userProperties()).containsExactly("recorded=yes");
                sub.send(P.subscribe(1, P.noProps(), "life/t", 1));
                sub.read5();
                pub.send(P.publish(1, "life/t", 1, "x")).expect(P.puback(1));
                Decoded msg = sub.read5();
                sub.send(P.puback(msg.packetId()));
                pub.send(P.publish(0, "nobody/here", 0, "y"));
                sub.send(P.unsubscribe(2, P.noProps(), "life/t"));
                sub.read5();
                sub.send(P.disconnect5(0, P.noProps()));
                sub.expectClosed();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.contains("session.terminated sub normal"));
            assertThat(rec.of("sub")).containsExactly(
                    "client.connect sub",
                    "client.authenticate sub alice",
                    "client.connack sub 0",
                    "session.created sub",
                    "client.connected sub v5",
                    "client.check_acl sub subscribe life/t",
                    "client.subscribe sub life/t",
                    "session.subscribed sub life/t q1",
                    "message.delivered sub life/t",
                    "message.acked sub life/t",
                    "client.unsubscribe sub life/t",
                    "session.unsubscribed sub life/t",
                    "client.disconnected sub normal",
                    "session.terminated sub normal");
            assertThat(rec.events).contains("client.check_acl pub publish life/t", "message.publish pub life/t",
                    "message.dropped - nobody/here no_subscribers");
        }
    }

    @Test
    @DisplayName("session hooks: resumed, takenover and discarded")
    void sessionHooks() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            Recorder rec = new Recorder();
            b.broker().hooks().register(rec, "test", 0);
            byte[] persistent = P.connect(4).clientId("s").clean(false).bytes();
            Raw first = Raw.connected(b.port(), persistent);
            try (Raw second = Raw.open(b.port())) {
                second.send(persistent).expect(P.connack(true, 0));
            }
            first.close();
            try (Raw third = Raw.open(b.port())) {
                third.send(P.connect(4).clientId("s").clean(true).bytes()).expect(P.connack(false, 0));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.contains("session.discarded s"));
            assertThat(rec.events).contains("session.takenover s", "session.resumed s",
                    "session.terminated s discarded");
        }
    }

    @Test
    @DisplayName("hooks run in descending service.ranking; a throwing hook is counted and the chain goes on")
    void rankingOrder_andFailuresDoNotBreakTheChain() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
            ClientConnected low = c -> order.add("low");
            ClientConnected failing = c -> {
                order.add("failing");
                throw new IllegalStateException("boom");
            };
            ClientConnected high = c -> order.add("high");
            b.broker().hooks().register(low, "low", -1);
            b.broker().hooks().register(failing, "failing", 0);
            b.broker().hooks().register(high, "high", 100);
            try (Raw r = Raw.connected(b.port(), c4("ranked"))) {
                r.send(P.pingreq()).expect(P.pingresp());
            }
            assertThat(order).containsExactly("high", "failing", "low");
            HookStats stats = b.broker().hooks().stats().stream().filter(s -> s.plugin().equals("failing"))
                    .findFirst().orElseThrow();
            assertThat(stats.calls()).isEqualTo(1);
            assertThat(stats.errors()).isEqualTo(1);
            assertThat(b.broker().metrics().get("hooks.errors")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("client.authenticate: deny refuses (0x86 / 0x04), superuser skips the ACL")
    void authenticate_denyAndSuperuser() throws Exception {
        try (TestBroker b = TestBroker.start("acl_nomatch", "deny")) {
            ClientAuthenticate auth = req -> switch (String.valueOf(req.client().username())) {
                case "root" -> AuthResult.allowSuperuser();
                case "mallory" -> AuthResult.deny();
                default -> AuthResult.ignore();
            };
            b.broker().hooks().register(auth, "auth", 0);
            try (Raw r = Raw.open(b.port())) {
                r.send(P.connect(4).clientId("m").username("mallory").password("x").bytes());
                r.expect(P.connack(false, 0x04));
            }
            try (Raw r = Raw.open(b.port())) {
                r.send(P.connect(5).clientId("m5").username("mallory").props(P.noProps()).bytes());
                assertThat(r.read5().reasonCode()).isEqualTo(0x86);
            }
            try (Raw root = Raw.connected(b.port(), P.connect(4).clientId("r").username("root").bytes())) {
                root.send(P.subscribe(1, null, "any/thing", 0)).expect(P.suback(1, 0));
            }
            try (Raw anon = Raw.connected(b.port(), c4("anon"))) {
                anon.send(P.subscribe(1, null, "any/thing", 0)).expect(P.suback(1, 0x80)); // acl_nomatch = deny
            }
        }
    }

    @Test
    @DisplayName("an asynchronous authenticator: the client waits, packets sent meanwhile are kept in order")
    void asyncAuthenticate_suspendsAndKeepsOrder() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            ClientAuthenticate slow = req -> CompletableFuture.supplyAsync(() -> AuthResult.of(
                    AuthResult.Decision.ALLOW, false), CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
            b.broker().hooks().register(slow, "slow-auth", 0);
            try (Raw r = Raw.open(b.port())) {
                long t0 = System.currentTimeMillis();
                r.send(P.connect(4).clientId("waits").bytes(), P.subscribe(1, null, "w/t", 0),
                        P.publish(0, "w/t", 0, "mine"), P.pingreq());
                r.expect(P.connack(false, 0));
                assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(250);
                r.expect(P.suback(1, 0));
                // the PINGRESP and the message to its own subscription may come in either order
                java.util.Set<String> rest = java.util.Set.of(P.hex(r.read()), P.hex(r.read()));
                assertThat(rest).containsExactlyInAnyOrder(P.hex(P.publish(0, "w/t", 0, "mine")),
                        P.hex(P.pingresp()));
            }
        }
    }

    @Test
    @DisplayName("client.connack also runs for a refused MQTT 3.1.1 CONNECT, with the 3.1.1 return code")
    void refusedV311Connect_firesConnack() throws Exception {
        try (TestBroker b = TestBroker.start("allow_anonymous", "false")) {
            Recorder rec = new Recorder();
            b.broker().hooks().register(rec, "test", 0);
            try (Raw r = Raw.open(b.port())) {
                r.send(P.connect(4).clientId("refused").bytes());
                r.expect(P.connack(false, 5));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.contains("client.connack refused 5"));
        }
    }

    @Test
    @DisplayName("hook.slow_threshold: a hook that holds the I/O thread is logged; one that waits asynchronously is not")
    void slowWarning_onlyForTimeSpentOnTheCallingThread() throws Exception {
        try (TestBroker b = TestBroker.start("hook.slow_threshold", "50ms");
             LogCapture log = new LogCapture("io.osprey.broker.hooks")) {
            ClientAuthenticate waits = req -> CompletableFuture.supplyAsync(() -> AuthResult.of(
                    AuthResult.Decision.IGNORE, false), CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS));
            b.broker().hooks().register(waits, "async-waiter", 0);
            try (Raw r = Raw.open(b.port())) {
                r.send(P.connect(4).clientId("w1").bytes());
                r.expect(P.connack(false, 0));
            }
            assertThat(log.lines).noneMatch(l -> l.contains("async-waiter"));

            io.osprey.api.hook.ClientConnected blocks = c -> {
                try {
                    Thread.sleep(120);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            b.broker().hooks().register(blocks, "blocker", 0);
            try (Raw r = Raw.open(b.port())) {
                r.send(P.connect(4).clientId("w2").bytes());
                r.expect(P.connack(false, 0));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                    log.lines.stream().anyMatch(l -> l.contains("plugin blocker took") && l.contains("must not block")));
        }
    }

    @Test
    @DisplayName("hook.timeout: an authenticator that never answers is treated as deny")
    void authTimeout_denies() throws Exception {
        try (TestBroker b = TestBroker.start("hook.timeout", "200ms")) {
            ClientAuthenticate never = req -> new CompletableFuture<>();
            b.broker().hooks().register(never, "never", 0);
            try (Raw r = Raw.open(b.port())) {
                r.send(c4("stuck"));
                r.expect(P.connack(false, 0x04));
            }
            assertThat(b.broker().metrics().get("hooks.timeouts")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("client.connect may refuse: MQTT 5 gets the reason (0x97), 3.1.1 the closest code (0x03)")
    void clientConnect_rejects() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            ClientConnect quota = req -> ConnectResult.reject(ConnectReason.QUOTA_EXCEEDED, "full").stage();
            b.broker().hooks().register(quota, "quota", 0);
            try (Raw r = Raw.open(b.port())) {
                r.send(c5("q5"));
                Decoded ack = r.read5();
                assertThat(ack.reasonCode()).isEqualTo(0x97);
                assertThat(ack.strProp(io.netty.handler.codec.mqtt.MqttProperties.REASON_STRING)).isEqualTo("full");
            }
            try (Raw r = Raw.open(b.port())) {
                r.send(c4("q3")).expect(P.connack(false, 0x03));
            }
        }
    }

    @Test
    @DisplayName("client.check_acl: denied publish (MQTT 5 PUBACK 0x87) and subscribe (0x80 / 0x87); cached")
    void checkAcl_denies_andIsCached() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            AtomicInteger asked = new AtomicInteger();
            ClientCheckAcl acl = (client, action, topic) -> {
                asked.incrementAndGet();
                return (topic.startsWith("secret") ? AclResult.DENY : AclResult.ALLOW).stage();
            };
            b.broker().hooks().register(acl, "acl", 0);
            try (Raw sub = Raw.connected(b.port(), c4("acl-sub")); Raw pub = Raw.connected5(b.port(), c5("acl-pub"))) {
                sub.send(P.subscribe(1, null, "secret/#", 0, "open/#", 0)).expect(P.suback(1, 0x80, 0));
                sub.send(P.subscribe(2, null, "#", 0)).expect(P.suback(2, 0));
                for (int i = 1; i <= 3; i++) {
                    pub.send(P.publish(1, false, false, "secret/x", i, P.noProps(), "s".getBytes()));
                    Decoded ack = pub.read5();
                    assertThat(ack.reasonCode()).isEqualTo(0x87);
                }
                sub.expectNothing(300);
                int before = asked.get();
                pub.send(P.publish(1, false, false, "secret/x", 9, P.noProps(), "s".getBytes()));
                pub.read5();
                assertThat(asked.get()).as("cached").isEqualTo(before);
            }
        }
    }

    @Test
    @DisplayName("acl_deny_action = disconnect: a denied publish closes the connection (MQTT 5: 0x87)")
    void aclDenyDisconnect() throws Exception {
        try (TestBroker b = TestBroker.start("acl_deny_action", "disconnect")) {
            ClientCheckAcl acl = (client, action, topic) -> AclResult.DENY.stage();
            b.broker().hooks().register(acl, "acl", 0);
            try (Raw pub = Raw.connected5(b.port(), c5("denied"))) {
                pub.send(P.publish(0, false, false, "t", 0, P.noProps(), "x".getBytes()));
                pub.expectDisconnect5(0x87);
            }
            b.awaitShutdownCount("not_authorized", 1);
        }
    }

    @Test
    @DisplayName("message.publish: a hook may change a message, stop it, or fail it")
    void messagePublish_changeStopFail() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            MessagePublish hook = (publisher, m) -> switch (m.topic()) {
                case "mp/rewrite" -> PublishResult.proceedWith(m.toBuilder().topic("mp/rewritten")
                        .payload("changed").build());
                case "mp/stop" -> PublishResult.stop();
                case "mp/fail" -> PublishResult.fail(0x80).stage();
                default -> PublishResult.proceed();
            };
            b.broker().hooks().register(hook, "mp", 0);
            try (Raw sub = Raw.connected(b.port(), c4("mp-sub")); Raw p5 = Raw.connected5(b.port(), c5("mp-p5"));
                 Raw p3 = Raw.connected(b.port(), c4("mp-p3"))) {
                sub.send(P.subscribe(1, null, "mp/#", 0)).expect(P.suback(1, 0));
                p3.send(P.publish(0, "mp/rewrite", 0, "orig"));
                sub.expect(P.publish(0, "mp/rewritten", 0, "changed"));
                p3.send(P.publish(1, "mp/stop", 1, "x")).expect(P.puback(1));
                sub.expectNothing(200);
                p5.send(P.publish(1, false, false, "mp/fail", 2, P.noProps(), "x".getBytes()));
                Decoded ack = p5.read5();
                assertThat(ack.reasonCode()).isEqualTo(0x80);
                p3.send(P.publish(1, "mp/fail", 3, "x"));
                p3.expectNothing(300); // 3.1.1: no PUBACK, so the client sends it again
                sub.expectNothing(100);
            }
        }
    }

    @Test
    @DisplayName("message.publish completing later (a sync bridge): the PUBACK waits for it")
    void asyncPublishHook_delaysThePuback() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            AtomicLong completedAt = new AtomicLong();
            MessagePublish slow = (publisher, m) -> CompletableFuture.supplyAsync(() -> {
                completedAt.set(System.nanoTime());
                return PublishResult.proceed().toCompletableFuture().join();
            }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
            b.broker().hooks().register(slow, "sync-bridge", 0);
            try (Raw p = Raw.connected(b.port(), c4("slow-pub"))) {
                p.send(P.publish(1, "sb/t", 1, "x"));
                p.expect(P.puback(1));
                long ackedAt = System.nanoTime();
                assertThat(completedAt.get()).isPositive().isLessThan(ackedAt);
            }
        }
    }

    @Test
    @DisplayName("message.delivered may change the message for one subscriber")
    void messageDelivered_changesPerSubscriber() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            MessageDelivered hook = (subscriber, m) -> subscriber.clientId().equals("vip")
                    ? m.toBuilder().payload("for-vip").build() : m;
            b.broker().hooks().register(hook, "delivered", 0);
            try (Raw vip = Raw.connected(b.port(), c4("vip")); Raw other = Raw.connected(b.port(), c4("other"));
                 Raw pub = Raw.connected(b.port(), c4("dpub"))) {
                vip.send(P.subscribe(1, null, "d/t", 0)).expect(P.suback(1, 0));
                other.send(P.subscribe(1, null, "d/t", 0)).expect(P.suback(1, 0));
                pub.send(P.publish(0, "d/t", 0, "plain"));
                vip.expect(P.publish(0, "d/t", 0, "for-vip"));
                other.expect(P.publish(0, "d/t", 0, "plain"));
            }
        }
    }

    @Test
    @DisplayName("client.subscribe may rewrite or reject a filter")
    void clientSubscribe_rewritesAndRejects() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            ClientSubscribe hook = (client, requests) -> requests.forEach(r -> {
                if (r.topicFilter().equals("mine")) {
                    r.setTopicFilter("users/" + client.clientId() + "/mine");
                } else if (r.topicFilter().equals("forbidden")) {
                    r.reject(0x87);
                }
            });
            b.broker().hooks().register(hook, "sub", 0);
            try (Raw s = Raw.connected5(b.port(), c5("u1")); Raw pub = Raw.connected(b.port(), c4("spub"))) {
                s.send(P.subscribe(1, P.noProps(), "mine", 0, "forbidden", 0));
                assertThat(s.read5().codes()).containsExactly(0, 0x87);
                pub.send(P.publish(0, "users/u1/mine", 0, "routed"));
                assertThat(s.read5().payload()).isEqualTo("routed");
            }
        }
    }
}
