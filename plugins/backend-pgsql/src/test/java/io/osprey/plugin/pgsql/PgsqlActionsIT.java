package io.osprey.plugin.pgsql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.CommandResult;
import io.osprey.backend.status.StatusCommand;
import io.osprey.backend.testing.RawMqtt;
import io.osprey.broker.service.SubscriptionServiceImpl;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every backend action against a real PostgreSQL 15 cluster, driven by real MQTT clients through an in-process
 * broker: the rows each one writes (upserts with ON CONFLICT), subscriptions restored, stored messages fetched and the
 * read position following acks, retained messages, raw SQL rules, and hostile client ids, user names and topics.
 */
class PgsqlActionsIT {

    @RegisterExtension
    static final PostgresServer DB = PostgresServer.shared();

    /** EMQX's default rule set, plus a bounded fetch rule and raw SQL rules. */
    static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("hook.client.connected.1", "{\"action\": {\"function\": \"on_client_connected\"}, \"pool\": \"pool1\"}"),
            Map.entry("hook.client.connected.2", "{\"action\": {\"function\": \"on_subscribe_lookup\"}, \"pool\": \"pool1\"}"),
            Map.entry("hook.client.connected.3", "{\"action\": {\"sql\": [\"insert into conn_log(clientid, username, "
                    + "peerhost, node) values (${clientid}, ${username}, ${peerhost}, ${node})\"]}}"),
            Map.entry("hook.client.disconnected.1", "{\"action\": {\"function\": \"on_client_disconnected\"}}"),
            Map.entry("hook.session.subscribed.1", "{\"topic\": \"inbox/#\", \"action\": {\"function\": \"on_message_fetch\"}}"),
            Map.entry("hook.session.subscribed.2", "{\"topic\": \"#\", \"action\": {\"function\": \"on_retain_lookup\"}}"),
            Map.entry("hook.session.subscribed.3", "{\"topic\": \"bounded/#\", \"action\": {\"function\": \"on_message_fetch\"}, "
                    + "\"offline_opts\": {\"max_returned_count\": 3, \"time_range\": \"2h\"}}"),
            Map.entry("hook.session.unsubscribed.1", "{\"topic\": \"#\", \"action\": {\"sql\": [\"delete from mqtt_acked "
                    + "where clientid = ${clientid} and topic = ${topic}\"]}}"),
            Map.entry("hook.message.publish.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_publish\"}}"),
            Map.entry("hook.message.publish.2", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_retain\"}}"),
            Map.entry("hook.message.publish.3", "{\"topic\": \"#\", \"action\": {\"function\": \"on_retain_delete\"}}"),
            Map.entry("hook.message.publish.4", "{\"topic\": \"audit/#\", \"action\": {\"sql\": [\"insert into audit_log(clientid, "
                    + "username, topic, qos, payload, msgid, retain, ts) values (${clientid}, ${username}, ${topic}, ${qos}, "
                    + "${payload}, ${msgid}, ${retain}, ${timestamp})\"]}}"),
            Map.entry("hook.message.acked.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_acked\"}}"));

    static final List<String> TABLES = List.of("mqtt_client", "mqtt_sub", "mqtt_msg", "mqtt_retain", "mqtt_acked",
            "conn_log", "audit_log");

    @TempDir
    Path home;
    PgsqlNode node;
    TestClients clients;

    @BeforeAll
    static void tables() throws Exception {
        DB.execute("create table if not exists conn_log (id serial primary key, clientid text, username text, "
                + "peerhost text, node text)");
        DB.execute("create table if not exists audit_log (id serial primary key, clientid text, username text, "
                + "topic text, qos int, payload bytea, msgid varchar(64), retain int, ts timestamp)");
        DB.execute("grant all on conn_log, audit_log to " + PostgresServer.USER);
        DB.execute("grant all on all sequences in schema public to " + PostgresServer.USER);
    }

    @BeforeEach
    void start() throws Exception {
        node = new PgsqlNode(home, DB, Map.of(), RULES);
        clients = new TestClients(node.uri());
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.count("select count(*) from information_schema.tables "
                + "where table_schema = 'public' and table_name in ('mqtt_client', 'mqtt_sub', 'mqtt_msg', "
                + "'mqtt_retain', 'mqtt_acked')") == 5);
        for (String t : TABLES) {
            DB.execute("delete from " + t);
        }
    }

    @AfterEach
    void stop() {
        clients.close();
        node.close();
    }

    private void awaitRows(long n, String sql, Object... params) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(DB.count(sql, params)).as(sql).isEqualTo(n));
    }

    @Test
    @DisplayName("on_client_connected / on_client_disconnected: mqtt_client holds online state, node and times (upsert)")
    void connectAndDisconnect_writeTheOnlineStateToMqttClient() throws Exception {
        var c = clients.v3("dev-1");
        awaitRows(1, "select count(*) from mqtt_client where clientid = 'dev-1' and state = '1'");
        Map<String, Object> row = DB.rows("select * from mqtt_client where clientid = 'dev-1'").get(0);
        assertThat(row.get("node")).isEqualTo(node.node.broker.nodeName());
        assertThat(row.get("online_at")).isNotNull();
        assertThat(row.get("offline_at")).isNull();

        c.close();
        awaitRows(1, "select count(*) from mqtt_client where clientid = 'dev-1' and state = '0' and offline_at is not null");

        clients.v3("dev-1");
        awaitRows(1, "select count(*) from mqtt_client where clientid = 'dev-1' and state = '1' and offline_at is null");
        assertThat(DB.count("select count(*) from mqtt_client")).isEqualTo(1);
    }

    @Test
    @DisplayName("raw SQL on client.connected binds clientid, username, peerhost and node")
    void rawSqlRule_bindsClientPlaceholders() throws Exception {
        clients.v3("dev-raw", "ursula", "pw", true);
        awaitRows(1, "select count(*) from conn_log where clientid = 'dev-raw' and username = 'ursula' "
                + "and peerhost = '127.0.0.1' and node = ?", node.node.broker.nodeName());
    }

    @Test
    @DisplayName("on_subscribe_lookup: the client's rows of mqtt_sub become its subscriptions when it connects")
    void subscriptionsInMqttSub_areRestoredOnConnect() throws Exception {
        DB.execute("insert into mqtt_sub(clientid, topic, qos) values ('dev-2', 'cmd/dev-2', 1), ('dev-2', 'cfg/#', 0)");
        var dev = clients.v3("dev-2");
        SubscriptionServiceImpl subs = node.node.subscriptions();
        await().atMost(Duration.ofSeconds(10)).until(() -> subs.subscriptions("dev-2").size() == 2);
        var pub = clients.v3("ops");
        pub.publish("cmd/dev-2", "reboot", 1, false);
        pub.publish("cfg/dev-2/interval", "30", 0, false);
        assertThat(List.of(dev.next(5), dev.next(5))).containsExactlyInAnyOrder("cmd/dev-2 reboot",
                "cfg/dev-2/interval 30");
    }

    @Test
    @DisplayName("on_message_publish: QoS 1/2 messages are stored with msgid, sender, node; QoS 0 and $SYS are not")
    void qos1And2Messages_areStored_qos0IsNot() throws Exception {
        var pub = clients.v3("sensor-1");
        pub.publish("sensor/1/temp", "21.5", 1, false);
        pub.publish("sensor/1/temp", "21.6", 2, false);
        pub.publish("sensor/1/temp", "fast", 0, false);
        awaitRows(2, "select count(*) from mqtt_msg");
        List<Map<String, Object>> rows = DB.rows("select * from mqtt_msg order by id");
        assertThat(rows).extracting(r -> r.get("payload")).containsExactly("21.5", "21.6");
        assertThat(rows).extracting(r -> r.get("qos")).containsExactly(1, 2);
        Map<String, Object> r = rows.get(0);
        assertThat(r.get("topic")).isEqualTo("sensor/1/temp");
        assertThat(r.get("sender")).isEqualTo("sensor-1");
        assertThat(r.get("node")).isEqualTo(node.node.broker.nodeName());
        assertThat((String) r.get("msgid")).matches("[0-9A-F]{16}");
        assertThat(DB.count("select count(*) from mqtt_msg where topic like '$SYS%'")).isZero();
    }

    @Test
    @DisplayName("on_message_fetch + on_message_acked: unacknowledged messages arrive on subscribe, acks move the read position")
    void storedMessages_areFetchedOnSubscribe_andAcksMoveTheReadPosition() throws Exception {
        var pub = clients.v3("pub");
        for (int i = 1; i <= 3; i++) {
            pub.publish("inbox/dev-3", "m" + i, 1, false);
        }
        awaitRows(3, "select count(*) from mqtt_msg where topic = 'inbox/dev-3'");

        var dev = clients.v3("dev-3");
        dev.paho.subscribe("inbox/dev-3", 1);
        assertThat(List.of(dev.next(5), dev.next(5), dev.next(5)))
                .containsExactly("inbox/dev-3 m1", "inbox/dev-3 m2", "inbox/dev-3 m3");
        long last = DB.count("select max(id) from mqtt_msg where topic = 'inbox/dev-3'");
        awaitRows(last, "select mid from mqtt_acked where clientid = 'dev-3' and topic = 'inbox/dev-3'");
        dev.close();

        pub.publish("inbox/dev-3", "while-away", 1, false);
        awaitRows(4, "select count(*) from mqtt_msg where topic = 'inbox/dev-3'");
        var back = clients.v3("dev-3");
        back.paho.subscribe("inbox/dev-3", 1);
        assertThat(back.next(5)).isEqualTo("inbox/dev-3 while-away");
        assertThat(back.next(1)).isNull();
    }

    @Test
    @DisplayName("on_message_fetch with a wildcard, max_returned_count and time_range: the newest messages in range")
    void fetch_isBoundedByMaxReturnedCountAndTimeRange() throws Exception {
        DB.execute("insert into mqtt_msg(msgid, topic, sender, qos, retain, payload, arrived) values "
                + "('0000000000000001', 'bounded/a', 'old', 1, 0, 'too-old'::bytea, now() - interval '3 hours')");
        var pub = clients.v3("pub-b");
        for (int i = 1; i <= 5; i++) {
            pub.publish(i % 2 == 0 ? "bounded/a" : "bounded/b/c", "n" + i, 1, false);
        }
        pub.publish("boundedX/nope", "other", 1, false);
        awaitRows(7, "select count(*) from mqtt_msg where topic like 'bounded%'");
        var dev = clients.v3("dev-b");
        dev.paho.subscribe("bounded/#", 1);
        List<String> got = new ArrayList<>();
        for (String m = dev.next(5); m != null; m = dev.next(1)) {
            got.add(m);
        }
        assertThat(got).containsExactly("bounded/b/c n3", "bounded/a n4", "bounded/b/c n5");
    }

    @Test
    @DisplayName("unsubscribe runs the raw SQL rule: the read position of that filter is deleted")
    void unsubscribe_rawSqlDeletesTheReadPosition() throws Exception {
        var dev = clients.v3("dev-u");
        dev.paho.subscribe("inbox/dev-u", 1);
        awaitRows(1, "select count(*) from mqtt_acked where clientid = 'dev-u' and topic = 'inbox/dev-u'");
        dev.paho.unsubscribe("inbox/dev-u");
        awaitRows(0, "select count(*) from mqtt_acked where clientid = 'dev-u'");
    }

    @Test
    @DisplayName("on_message_retain / on_retain_delete / on_retain_lookup: mqtt_retain follows retained messages")
    void retainedMessages_areStoredReplacedDeleted_andLookedUpOnSubscribe() throws Exception {
        var pub = clients.v3("dev-4");
        pub.publish("status/dev-4", "on", 1, true);
        awaitRows(1, "select count(*) from mqtt_retain where topic = 'status/dev-4' and payload = 'on'::bytea");
        pub.publish("status/dev-4", "off", 1, true);
        awaitRows(1, "select count(*) from mqtt_retain where topic = 'status/dev-4' and payload = 'off'::bytea");
        assertThat(DB.count("select count(*) from mqtt_retain")).isEqualTo(1);
        pub.publish("status/dev-4", "", 1, true);
        awaitRows(0, "select count(*) from mqtt_retain");

        DB.execute("insert into mqtt_retain(topic, msgid, sender, qos, payload) values "
                + "('legacy/dev-5', '00000000000000AB', 'dev-5', 1, 'from-pgsql'::bytea)");
        var sub = clients.v3("watcher");
        sub.paho.subscribe("legacy/+", 1);
        assertThat(sub.next(5)).isEqualTo("legacy/dev-5 from-pgsql");
    }

    @Test
    @DisplayName("raw SQL on message.publish binds topic, qos, payload, msgid, retain, timestamp, clientid, username")
    void rawSqlRule_bindsMessagePlaceholders() throws Exception {
        var pub = clients.v3("auditor", "audrey", "pw", true);
        pub.publish("audit/door", "opened", 0, false);
        awaitRows(1, "select count(*) from audit_log");
        Map<String, Object> row = DB.rows("select * from audit_log").get(0);
        assertThat(row).containsEntry("clientid", "auditor").containsEntry("username", "audrey")
                .containsEntry("topic", "audit/door").containsEntry("qos", 0).containsEntry("payload", "opened")
                .containsEntry("retain", 0);
        assertThat(row.get("ts")).isNotNull();
        assertThat((String) row.get("msgid")).matches("[0-9A-F]{16}");
    }

    @Test
    @DisplayName("hostile client ids, user names and topics (quotes, %, *, newlines, Unicode, 64 KB) are stored verbatim and harm nothing")
    void hostileIdsUsernamesAndTopics_areStoredVerbatim_andHarmNothing() throws Exception {
        String big = "x".repeat(64 * 1024 - 16);
        List<String[]> cases = List.of(
                new String[] {"x'); DROP TABLE mqtt_msg; --", "u' OR '1'='1", "audit/'); DELETE FROM mqtt_client; --"},
                new String[] {"100%_*\\", "%u%c*", "audit/%/_/*/\\"},
                new String[] {"line\nbreak\r\tend", "user\nname", "audit/new\nline"},
                new String[] {"Gerät-ü-😀-中文", "Ünïcødé-用户", "audit/température/😀"},
                new String[] {big, big.substring(1), "audit/" + big.substring(0, 60_000)});
        clients.v3("bystander");
        awaitRows(1, "select count(*) from mqtt_client where clientid = 'bystander'");
        for (String[] c : cases) {
            // a bare client: Paho refuses to send a newline in a topic, which MQTT allows
            var evil = new RawMqtt(node.uri(), c[0], c[1], "pw");
            evil.publish(c[2], "payload'); DROP TABLE audit_log; --".getBytes(StandardCharsets.UTF_8));
            awaitRows(1, "select count(*) from mqtt_msg where topic = ? and sender = ?", c[2], c[0]);
            awaitRows(1, "select count(*) from audit_log where clientid = ? and username = ? and topic = ?", c[0],
                    c[1], c[2]);
            awaitRows(1, "select count(*) from mqtt_client where clientid = ? and state = '1'", c[0]);
            evil.close();
        }
        assertThat(DB.count("select count(*) from information_schema.tables where table_schema = 'public' "
                + "and table_name in ('mqtt_client', 'mqtt_msg', 'audit_log')")).isEqualTo(3);
        assertThat(DB.count("select count(*) from mqtt_client where clientid = 'bystander' and state = '1'")).isOne();
        assertThat(node.backend().writer().failed()).isZero();
    }

    @Test
    @DisplayName("ctl backend-pgsql status: pool state, queue length, written, failed, dropped")
    void statusCommand_showsPoolQueueAndCounters() throws Exception {
        clients.v3("dev-s").publish("sensor/s", "1", 1, false);
        awaitRows(1, "select count(*) from mqtt_msg");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.backend().writer().queued() == 0);
        StatusCommand command = new StatusCommand("backend-pgsql", "pgsql", "PostgreSQL");
        CommandResult r = command.execute(List.of("status"), node.backend()::status, () -> null);
        System.out.println(r.text());
        assertThat(r.text()).contains("pgsql     127.0.0.1:" + DB.port() + "/mqtt  up")
                .contains("queue     0 of 100000 writes waiting").containsPattern("written\\s+[1-9]")
                .contains("failed    0").contains("dropped   0");
        assertThat(node.node.metrics.value(PgsqlBackend.WRITTEN)).isPositive();
    }
}
