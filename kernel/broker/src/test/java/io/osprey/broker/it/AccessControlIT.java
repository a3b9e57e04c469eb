package io.osprey.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.broker.it.wire.Decoded;
import io.osprey.broker.it.wire.P;
import io.osprey.broker.it.wire.Raw;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the ACL sees and what it guards beyond PUBLISH and SUBSCRIBE: wills (at CONNECT and when published), the
 * reserved {@code $} topics, the bridge bit, and shared-subscription groups.
 */
class AccessControlIT {

    /** Denies publishing under {@code secret/}; allows everything else it is asked about. */
    static final ClientCheckAcl DENY_SECRET = (client, action, topic) ->
            (action == AclAction.PUBLISH && topic.startsWith("secret/") ? AclResult.DENY : AclResult.IGNORE).stage();

    private static Raw watcher(TestBroker b, String id, String filter) throws Exception {
        Raw w = Raw.connected5(b.port(), P.connect(5).clientId(id).props(P.noProps()).bytes());
        w.send(P.subscribe(1, P.noProps(), filter, 1));
        assertThat(w.read5().type()).isEqualTo("SUBACK");
        return w;
    }

    @Test
    @DisplayName("a will on a topic the ACL denies: MQTT 5 gets CONNACK 0x87, 3.1.1 connects without its will")
    void deniedWill_refusedForV5_droppedForV311() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            b.broker().hooks().register(DENY_SECRET, "acl", 0);
            try (Raw w = watcher(b, "will-watch", "secret/#")) {
                try (Raw v5 = Raw.open(b.port())) {
                    v5.send(P.connect(5).clientId("will5").props(P.noProps()).will("secret/w", "leak", 1, false)
                            .willProps(P.noProps()).bytes());
                    Decoded ack = v5.read5();
                    assertThat(ack.type()).isEqualTo("CONNACK");
                    assertThat(ack.reasonCode()).isEqualTo(0x87);
                    v5.expectClosed();
                }
                Raw v3 = Raw.connected(b.port(), P.connect(4).clientId("will3").will("secret/w", "leak", 1, false)
                        .bytes());
                v3.close(); // no DISCONNECT: the will would be published now
                w.expectNothing(500);
            }
            assertThat(b.broker().metrics().get("messages.dropped.will_denied")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a will allowed at CONNECT is checked again when it is published (the rules changed meanwhile)")
    void willIsCheckedAgainWhenPublished() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            List<String> denied = new CopyOnWriteArrayList<>();
            ClientCheckAcl acl = (client, action, topic) ->
                    (denied.contains(topic) ? AclResult.DENY : AclResult.IGNORE).stage();
            b.broker().hooks().register(acl, "acl", 0);
            try (Raw w = watcher(b, "late-watch", "late/#")) {
                Raw dying = Raw.connected(b.port(), P.connect(4).clientId("late-will")
                        .will("late/w", "leak", 0, false).bytes());
                denied.add("late/w");
                dying.close();
                w.expectNothing(500);
            }
        }
    }

    @Test
    @DisplayName("a will on $SYS is refused like a PUBLISH there (MQTT 5: 0x87; 3.1.1: the will is dropped)")
    void willOnSys_refused() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            try (Raw w = watcher(b, "sys-watch", "$SYS/fake/#")) {
                try (Raw v5 = Raw.open(b.port())) {
                    v5.send(P.connect(5).clientId("sys5").props(P.noProps()).will("$SYS/fake/will", "x", 0,
                            false).willProps(P.noProps()).bytes());
                    assertThat(v5.read5().reasonCode()).isEqualTo(0x87);
                }
                Raw v3 = Raw.connected(b.port(), P.connect(4).clientId("sys3").will("$SYS/fake/will", "x", 0,
                        false).bytes());
                v3.close();
                w.expectNothing(500);
            }
        }
    }

    @Test
    @DisplayName("the bridge bit alone grants nothing: a forged bridge cannot publish to $SYS")
    void forgedBridgeBit_cannotWriteSys() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            try (Raw w = watcher(b, "bridge-watch", "$SYS/forged/#");
                 Raw forged = Raw.connected(b.port(), P.connect(0x84).clientId("forged").bytes())) {
                assertThat(b.broker().sessions().connectionOf("forged").client().isBridge()).isFalse();
                forged.send(P.publish(1, "$SYS/forged/version", 1, "0.0.0-evil")).expect(P.puback(1));
                w.expectNothing(500);
            }
        }
    }

    @Test
    @DisplayName("a listener with bridges = on accepts the bridge bit; $SYS still needs an explicit ACL allow")
    void trustedBridgeListener_marksBridges() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            var l = b.listen("bridges", "bridges", "on");
            ClientCheckAcl acl = (client, action, topic) ->
                    (topic.startsWith("$SYS/remote/") ? AclResult.ALLOW : AclResult.IGNORE).stage();
            b.broker().hooks().register(acl, "acl", 0);
            try (Raw w = watcher(b, "relay-watch", "$SYS/+/x");
                 Raw bridge = Raw.connected(l.boundPort(), P.connect(0x84).clientId("relay").bytes())) {
                assertThat(b.broker().sessions().connectionOf("relay").client().isBridge()).isTrue();
                bridge.send(P.publish(1, "$SYS/remote/x", 1, "relayed")).expect(P.puback(1));
                assertThat(w.read5().payload()).isEqualTo("relayed");
                bridge.send(P.publish(1, "$SYS/other/x", 2, "not allowed")).expect(P.puback(2));
                w.expectNothing(300);
            }
        }
    }

    @Test
    @DisplayName("an authenticator can accept a client as a bridge, with or without the bit (MQTT 5 has none)")
    void authenticatorGrantsBridge() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            io.osprey.api.hook.ClientAuthenticate auth = request -> "relay".equals(request.client().username())
                    ? io.osprey.api.hook.AuthResult.allowBridge() : io.osprey.api.hook.AuthResult.allow();
            b.broker().hooks().register(auth, "auth", 0);
            try (Raw v5 = Raw.connected5(b.port(), P.connect(5).clientId("relay-5").username("relay")
                    .props(P.noProps()).bytes());
                 Raw v3 = Raw.connected(b.port(), P.connect(0x84).clientId("relay-3").username("relay").bytes());
                 Raw other = Raw.connected(b.port(), P.connect(0x84).clientId("other").username("someone")
                         .bytes())) {
                assertThat(b.broker().sessions().connectionOf("relay-5").client().isBridge()).isTrue();
                assertThat(b.broker().sessions().connectionOf("relay-3").client().isBridge()).isTrue();
                assertThat(b.broker().sessions().connectionOf("other").client().isBridge())
                        .as("allowed, but not as a bridge: the bit alone grants nothing").isFalse();
            }
        }
    }

    @Test
    @DisplayName("a PUBLISH to a $ topic needs an explicit ACL allow; acl_nomatch = allow is not enough")
    void dollarTopicPublish_needsExplicitAllow() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            try (Raw w = watcher(b, "dollar-watch", "$internal/#");
                 Raw pub = Raw.connected5(b.port(), P.connect(5).clientId("dollar").props(P.noProps()).bytes())) {
                pub.send(P.publish(1, false, false, "$internal/cmd", 1, P.noProps(), "x".getBytes()));
                assertThat(pub.read5().reasonCode()).isEqualTo(0x87);
                w.expectNothing(300);
                ClientCheckAcl acl = (client, action, topic) ->
                        (topic.startsWith("$internal/") ? AclResult.ALLOW : AclResult.IGNORE).stage();
                b.broker().hooks().register(acl, "acl", 0);
                pub.send(P.publish(1, false, false, "$internal/cmd", 2, P.noProps(), "y".getBytes()));
                assertThat(pub.read5().reasonCode()).isZero();
                assertThat(w.read5().payload()).isEqualTo("y");
            }
        }
    }

    @Test
    @DisplayName("the ACL sees a shared subscription with its group ($share/<group>/<filter>)")
    void sharedSubscription_aclSeesTheGroup() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            List<String> asked = new CopyOnWriteArrayList<>();
            ClientCheckAcl acl = (client, action, topic) -> {
                asked.add(topic);
                return (topic.startsWith("$share/intruders/") ? AclResult.DENY : AclResult.IGNORE).stage();
            };
            b.broker().hooks().register(acl, "acl", 0);
            try (Raw sub = Raw.connected5(b.port(), P.connect(5).clientId("grouped").props(P.noProps()).bytes())) {
                sub.send(P.subscribe(1, P.noProps(), "$share/workers/jobs/#", 1, "$share/intruders/jobs/#", 1));
                Decoded ack = sub.read5();
                assertThat(ack.codes()).containsExactly(1, 0x87);
            }
            assertThat(asked).contains("$share/workers/jobs/#", "$share/intruders/jobs/#");
        }
    }
}
