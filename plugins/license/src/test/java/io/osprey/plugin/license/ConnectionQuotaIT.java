package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license enforced on a real broker with real clients: limits, expiry, take-over, live reload, alarms. Licenses
 * are issued in each test by the vendor tool with a test key pair.
 */
class ConnectionQuotaIT {

    static final int QUOTA_V5 = 0x97;
    static final int SERVER_UNAVAILABLE_V3 = 0x03;

    @TempDir
    Path home;
    private LicensedBroker node;
    private TestClients clients;

    private void start(String... config) throws Exception {
        node = new LicensedBroker(home, config);
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

    private void awaitConnected(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> node.clients.count() == n);
    }

    @Test
    @DisplayName("at the limit a new connection is refused (5.0: 0x97, 3.1.1: 0x03), counted; connected ones stay")
    void atTheLimit_newConnectionsAreRefused_connectedOnesStay() throws Exception {
        start();
        node.install(3, "+1d");
        var a = clients.v5("a");
        var b = clients.v3("b");
        var c = clients.v5("c");
        assertThat(clients.connackV5("d5")).isEqualTo(QUOTA_V5);
        assertThat(clients.connackV3("d3")).isEqualTo(SERVER_UNAVAILABLE_V3);
        assertThat(a.paho.isConnected() && b.paho.isConnected() && c.paho.isConnected()).isTrue();
        assertThat(node.clients.count()).isEqualTo(3);
        assertThat(node.metrics.value(ConnectionQuota.REFUSED_QUOTA)).isEqualTo(2);

        c.close();
        awaitConnected(2);
        assertThat(clients.connackV5("e")).isZero();
    }

    @Test
    @DisplayName("a CONNECT refused after the quota admitted it (bad password, banned) gives its place back at once")
    void refusedAfterAdmission_releasesThePlace() throws Exception {
        start();
        node.install(2, "+1d");
        io.osprey.api.hook.ClientAuthenticate auth = request -> switch (String.valueOf(request.client().username())) {
            case "intruder" -> io.osprey.api.hook.AuthResult.deny();
            case "banned" -> io.osprey.api.hook.AuthResult.deny(io.osprey.api.ConnectReason.BANNED);
            default -> io.osprey.api.hook.AuthResult.ignore();
        };
        node.broker.hooks().register(auth, "auth", 0);
        for (int i = 0; i < 5; i++) {
            assertThat(clients.connackV5("intruder-" + i, "intruder", "guess")).isEqualTo(0x86);
            assertThat(clients.connackV3("banned-" + i, "banned", "x")).isEqualTo(0x05);
        }
        // well within the 30 s a stale reservation would last: both places are free
        var a = clients.v5("legit-a");
        var b = clients.v3("legit-b");
        assertThat(a.paho.isConnected() && b.paho.isConnected()).isTrue();
        assertThat(clients.connackV5("third")).isEqualTo(QUOTA_V5);
    }

    @Test
    @DisplayName("clients connecting at the same moment never get past the limit")
    void simultaneousConnects_neverOvershootTheLimit() throws Exception {
        start();
        node.install(5, "+1d");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = "burst-" + i;
                attempts.add(() -> {
                    try {
                        clients.v3(id);
                        return true;
                    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                        return false;
                    }
                });
            }
            long accepted = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts, 30, TimeUnit.SECONDS)) {
                accepted += f.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(5);
            assertThat(node.clients.count()).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("take-over at the limit: a client whose id is connected replaces its own connection and is accepted")
    void clientTakingOverItsOwnConnection_atTheLimit_isAccepted_andTheCountStays() throws Exception {
        start();
        node.install(2, "+1d");
        var stale = clients.v5("device-1", 300);
        clients.v5("device-2");
        assertThat(clients.connackV5("device-3")).isEqualTo(QUOTA_V5);

        var fresh = clients.v5("device-1", 300);
        assertThat(stale.disconnectReason.get(5, TimeUnit.SECONDS)).isEqualTo(0x8E); // session taken over
        assertThat(fresh.paho.isConnected()).isTrue();
        awaitConnected(2);
        assertThat(clients.connackV5("device-3")).isEqualTo(QUOTA_V5);
    }

    @Test
    @DisplayName("take-over at the limit with Clean Start: accepted too (the old connection gets 0x8E)")
    void cleanStartTakeOver_atTheLimit_isAccepted() throws Exception {
        start();
        node.install(2, "+1d");
        var stale = clients.v3("device-1");
        clients.v3("device-2");
        assertThat(clients.connackV3("device-3")).isEqualTo(SERVER_UNAVAILABLE_V3);
        var fresh = clients.v5("device-1");
        assertThat(fresh.paho.isConnected()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !stale.paho.isConnected());
        Thread.sleep(300); // the stale connection's close has been processed
        awaitConnected(2);
        assertThat(clients.connackV3("device-3")).isEqualTo(SERVER_UNAVAILABLE_V3);
    }

    @Test
    @DisplayName("resuming an offline session needs a free place: refused at the limit")
    void resumingAnOfflineSession_atTheLimit_isRefused() throws Exception {
        start();
        node.install(1, "+1d");
        clients.v5("sleeper", 300).close();
        awaitConnected(0);
        clients.v5("other");
        assertThat(node.broker.sessions().get("sleeper")).isNotNull();
        assertThat(clients.connackV5("sleeper", 300)).isEqualTo(QUOTA_V5);
    }

    @Test
    @DisplayName("expiry: once the license expires new connections are refused, connected clients keep working")
    void expiredLicense_refusesNewConnections_keepsConnectedOnes() throws Exception {
        start();
        Entitlement e = node.install(10, "+3s");
        var early = clients.v3("early");
        early.paho.subscribe("still/working", 1);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> e.status(Instant.now()) == Entitlement.Status.EXPIRED);
        assertThat(clients.connackV5("late5")).isEqualTo(QUOTA_V5);
        assertThat(clients.connackV3("late3")).isEqualTo(SERVER_UNAVAILABLE_V3);
        assertThat(node.metrics.value(ConnectionQuota.REFUSED_EXPIRED)).isEqualTo(2);

        early.paho.publish("still/working", "yes".getBytes(), 1, false);
        assertThat(early.next()).isEqualTo("still/working yes");
        assertThat(early.paho.isConnected()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.alarmActive(LicenseAlarms.EXPIRED));
        assertThat(node.alarmActive(LicenseAlarms.EXPIRY)).isFalse();
    }

    @Test
    @DisplayName("expired: even a client taking over its own connection is refused, and its old connection stays")
    void expiredLicense_refusesTakeOver_andLeavesTheOldConnection() throws Exception {
        start();
        Entitlement e = node.install(10, "+3s");
        var old = clients.v5("device-1");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> e.status(Instant.now()) == Entitlement.Status.EXPIRED);
        assertThat(clients.connackV5("device-1")).isEqualTo(QUOTA_V5);
        assertThat(old.paho.isConnected()).isTrue();
    }

    @Test
    @DisplayName("reload raises the limit live, without a restart")
    void reload_raisesTheLimitLive() throws Exception {
        start();
        node.install(1, "+1d");
        clients.v3("first");
        assertThat(clients.connackV3("second")).isEqualTo(SERVER_UNAVAILABLE_V3);
        node.install(3, "+1d");
        clients.v3("second");
        clients.v3("third");
        assertThat(clients.connackV3("fourth")).isEqualTo(SERVER_UNAVAILABLE_V3);
    }

    @Test
    @DisplayName("without a license the fallback limit applies")
    void withoutLicense_theFallbackLimitApplies() throws Exception {
        start("fallback.max_connections", "2");
        clients.v5("a");
        clients.v5("b");
        assertThat(clients.connackV5("c")).isEqualTo(QUOTA_V5);
        assertThat(node.alarmActive(LicenseAlarms.FALLBACK)).isTrue();
    }

    @Test
    @DisplayName("license_quota: raised above 80 % of the limit, cleared below 75 %, published on $SYS")
    void quotaAlarm_raisedAndCleared_andPublishedOnSys() throws Exception {
        start();
        node.install(5, "+90d");
        var watcher = clients.v3("watcher");
        watcher.paho.subscribe("$SYS/brokers/+/alarms/#", 0);
        List<TestClients.V3> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(clients.v3("busy-" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node.alarmActive(LicenseAlarms.QUOTA));
        assertThat(watcher.next()).startsWith("$SYS/brokers/").contains("/alarms/activate ")
                .contains("\"name\":\"license_quota\"").contains("5 of 5 licensed connections in use (100%)");

        more.get(0).close();
        more.get(1).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.alarmActive(LicenseAlarms.QUOTA));
        assertThat(watcher.next()).contains("/alarms/deactivate ").contains("\"name\":\"license_quota\"");
    }

    @Test
    @DisplayName("license_expiry: raised when the license expires within expiry_warning")
    void expiryAlarm_raisedWithinTheWarningPeriod() throws Exception {
        start();
        node.install(5, "+90d");
        assertThat(node.alarmActive(LicenseAlarms.EXPIRY)).isFalse();
        node.install(5, "+10d");
        assertThat(node.alarmActive(LicenseAlarms.EXPIRY)).isTrue();
    }

    @Test
    @DisplayName("the hook removed (plugin unloaded): no limit; registered again: the limit is back")
    void hookRemoved_noLimit_hookBack_limitBack() throws Exception {
        start();
        node.install(1, "+1d");
        clients.v3("one");
        node.broker.hooks().unregister(node.quota);
        clients.v3("two");
        clients.v3("three");
        node.broker.hooks().register(node.quota, "license", ConnectionQuota.RANKING);
        assertThat(clients.connackV3("four")).isEqualTo(SERVER_UNAVAILABLE_V3);
    }
}
