package io.osprey.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.osprey.api.service.CommandResult;
import io.osprey.backend.status.StatusCommand;
import io.osprey.backend.testing.RawMqtt;
import io.osprey.broker.service.SubscriptionServiceImpl;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Every backend action against a real Redis 7, driven by real MQTT clients through an in-process broker, in EMQX
 * Enterprise's key layout: client state and subscriptions as hashes, stored messages with a per-topic sorted set and a
 * TTL, retained messages, read positions following acks, raw commands with placeholders as whole arguments, and
 * hostile client ids, user names and topics.
 */
class RedisActionsIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("hook.client.connected.1", "{\"action\": {\"function\": \"on_client_connected\"}, \"pool\": \"pool1\"}"),
            Map.entry("hook.client.connected.2", "{\"action\": {\"function\": \"on_subscribe_lookup\"}}"),
            Map.entry("hook.client.connected.3", "{\"action\": {\"commands\": [\"HSET conn:${clientid} user ${username} "
                    + "peer ${peerhost} node ${node}\"]}}"),
            Map.entry("hook.client.disconnected.1", "{\"action\": {\"function\": \"on_client_disconnected\"}}"),
            Map.entry("hook.session.subscribed.1", "{\"topic\": \"inbox/#\", \"action\": {\"function\": \"on_message_fetch_for_pubsub\"}}"),
            Map.entry("hook.session.subscribed.2", "{\"topic\": \"#\", \"action\": {\"function\": \"on_retain_lookup\"}}"),
            Map.entry("hook.session.subscribed.3", "{\"topic\": \"bounded/#\", \"action\": {\"function\": \"on_message_fetch\"}, "
                    + "\"offline_opts\": {\"max_returned_count\": 3, \"time_range\": \"2h\"}}"),
            Map.entry("hook.session.unsubscribed.1", "{\"topic\": \"#\", \"action\": {\"commands\": [\"HDEL mqtt:acked:${clientid} ${topic}\"]}}"),
            Map.entry("hook.message.publish.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_publish\"}}"),
            Map.entry("hook.message.publish.2", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_retain\"}}"),
            Map.entry("hook.message.publish.3", "{\"topic\": \"#\", \"action\": {\"function\": \"on_retain_delete\"}}"),
            Map.entry("hook.message.publish.4", "{\"topic\": \"audit/#\", \"action\": {\"commands\": [\"RPUSH audit:${clientid} "
                    + "${topic} ${payload} ${qos} ${username}\"]}}"),
            Map.entry("hook.message.acked.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_acked_for_pubsub\"}}"),
            Map.entry("msg.expired_after", "1d"));

    @TempDir
    Path home;
    RedisNode node;
    TestClients clients;
    Jedis jedis;

    @BeforeEach
    void start() throws Exception {
        jedis = REDIS.jedis();
        jedis.flushAll();
        node = new RedisNode(home, Map.of(), RedisNode.single(REDIS, RULES));
        clients = new TestClients(node.uri());
    }

    @AfterEach
    void stop() {
        clients.close();
        node.close();
        jedis.close();
    }

    private static void await(Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    @Test
    @DisplayName("on_client_connected / on_client_disconnected: mqtt:client:<clientid> holds state, node, online_at, offline_at")
    void connectAndDisconnect_writeTheClientHash() throws Exception {
        var c = clients.v3("dev-1");
        await(() -> "1".equals(jedis.hget("mqtt:client:dev-1", "state")));
        Map<String, String> h = jedis.hgetAll("mqtt:client:dev-1");
        assertThat(h).containsEntry("node", node.node.broker.nodeName()).containsKey("online_at")
                .doesNotContainKey("offline_at");
        c.close();
        await(() -> "0".equals(jedis.hget("mqtt:client:dev-1", "state")));
        assertThat(jedis.hget("mqtt:client:dev-1", "offline_at")).isNotNull();
        clients.v3("dev-1");
        await(() -> "1".equals(jedis.hget("mqtt:client:dev-1", "state")) && !jedis.hexists("mqtt:client:dev-1", "offline_at"));
    }

    @Test
    @DisplayName("raw commands bind placeholders as whole arguments")
    void rawCommands_bindPlaceholdersAsArguments() throws Exception {
        clients.v3("dev-raw", "ursula smith", "pw", true);
        await(() -> jedis.exists("conn:dev-raw"));
        assertThat(jedis.hgetAll("conn:dev-raw")).containsEntry("user", "ursula smith")
                .containsEntry("peer", "127.0.0.1").containsEntry("node", node.node.broker.nodeName());
    }

    @Test
    @DisplayName("on_subscribe_lookup: mqtt:sub:<clientid> (topic → qos) becomes the client's subscriptions")
    void subscriptionsInTheSubHash_areRestoredOnConnect() throws Exception {
        jedis.hset("mqtt:sub:dev-2", Map.of("cmd/dev-2", "1", "cfg/#", "0"));
        var dev = clients.v3("dev-2");
        SubscriptionServiceImpl subs = node.node.subscriptions();
        await(() -> subs.subscriptions("dev-2").size() == 2);
        var pub = clients.v3("ops");
        pub.publish("cmd/dev-2", "reboot", 1, false);
        pub.publish("cfg/dev-2/interval", "30", 0, false);
        assertThat(List.of(dev.next(5), dev.next(5))).containsExactlyInAnyOrder("cmd/dev-2 reboot",
                "cfg/dev-2/interval 30");
    }

    @Test
    @DisplayName("on_message_publish: QoS 1/2 as mqtt:msg:<msgid> with a TTL, in the topic's sorted set; QoS 0 not")
    void qos1And2Messages_areStoredWithATtl_qos0IsNot() throws Exception {
        var pub = clients.v3("sensor-1");
        pub.publish("sensor/1/temp", "21.5", 1, false);
        pub.publish("sensor/1/temp", "21.6", 2, false);
        pub.publish("sensor/1/temp", "fast", 0, false);
        await(() -> jedis.zcard("mqtt:msg:topic:sensor/1/temp") == 2);
        List<String> ids = jedis.zrange("mqtt:msg:topic:sensor/1/temp", 0, -1);
        Map<String, String> m = jedis.hgetAll("mqtt:msg:" + ids.get(0));
        assertThat(m).containsEntry("topic", "sensor/1/temp").containsEntry("from", "sensor-1")
                .containsEntry("qos", "1").containsEntry("payload", "21.5").containsEntry("id", ids.get(0));
        assertThat(jedis.hget("mqtt:msg:" + ids.get(1), "payload")).isEqualTo("21.6");
        assertThat(jedis.ttl("mqtt:msg:" + ids.get(0))).isBetween(86_000L, 86_400L);
        assertThat(jedis.zscore("mqtt:msg:topics", "sensor/1/temp")).isNotNull();
    }

    @Test
    @DisplayName("on_message_fetch + on_message_acked: unacknowledged messages arrive on subscribe, acks move the read position")
    void storedMessages_areFetchedOnSubscribe_andAcksMoveTheReadPosition() throws Exception {
        var pub = clients.v3("pub");
        for (int i = 1; i <= 3; i++) {
            pub.publish("inbox/dev-3", "m" + i, 1, false);
        }
        await(() -> jedis.zcard("mqtt:msg:topic:inbox/dev-3") == 3);
        var dev = clients.v3("dev-3");
        dev.paho.subscribe("inbox/dev-3", 1);
        assertThat(List.of(dev.next(5), dev.next(5), dev.next(5)))
                .containsExactly("inbox/dev-3 m1", "inbox/dev-3 m2", "inbox/dev-3 m3");
        String last = jedis.zrange("mqtt:msg:topic:inbox/dev-3", -1, -1).get(0);
        await(() -> String.valueOf(jedis.hget("mqtt:acked:dev-3", "inbox/dev-3")).endsWith(":" + last));
        dev.close();

        pub.publish("inbox/dev-3", "while-away", 1, false);
        await(() -> jedis.zcard("mqtt:msg:topic:inbox/dev-3") == 4);
        var back = clients.v3("dev-3");
        back.paho.subscribe("inbox/dev-3", 1);
        assertThat(back.next(5)).isEqualTo("inbox/dev-3 while-away");
        assertThat(back.next(1)).isNull();
    }

    @Test
    @DisplayName("on_message_fetch with a wildcard, max_returned_count and time_range: the newest messages in range")
    void fetch_withAWildcard_isBoundedByMaxReturnedCountAndTimeRange() throws Exception {
        long old = System.currentTimeMillis() - 3 * 3600_000L;
        jedis.hset("mqtt:msg:0000000000000001", Map.of("id", "0000000000000001", "topic", "bounded/a", "qos", "1",
                "payload", "too-old", "ts", String.valueOf(old)));
        jedis.zadd("mqtt:msg:topic:bounded/a", old, "0000000000000001");
        jedis.zadd("mqtt:msg:topics", old, "bounded/a");
        var pub = clients.v3("pub-b");
        for (int i = 1; i <= 5; i++) {
            pub.publish(i % 2 == 0 ? "bounded/a" : "bounded/b/c", "n" + i, 1, false);
        }
        pub.publish("boundedX/nope", "other", 1, false);
        await(() -> jedis.zcard("mqtt:msg:topic:bounded/b/c") == 3 && jedis.zcard("mqtt:msg:topic:bounded/a") == 3);
        var dev = clients.v3("dev-b");
        dev.paho.subscribe("bounded/#", 1);
        List<String> got = new ArrayList<>();
        for (String m = dev.next(5); m != null; m = dev.next(1)) {
            got.add(m);
        }
        assertThat(got).containsExactly("bounded/b/c n3", "bounded/a n4", "bounded/b/c n5");
    }

    @Test
    @DisplayName("unsubscribe runs the raw command: the read position of that filter is deleted")
    void unsubscribe_rawCommandDeletesTheReadPosition() throws Exception {
        var dev = clients.v3("dev-u");
        dev.paho.subscribe("inbox/dev-u", 1);
        await(() -> jedis.hexists("mqtt:acked:dev-u", "inbox/dev-u"));
        dev.paho.unsubscribe("inbox/dev-u");
        await(() -> !jedis.hexists("mqtt:acked:dev-u", "inbox/dev-u"));
    }

    @Test
    @DisplayName("on_message_retain / on_retain_delete / on_retain_lookup: mqtt:retain:<topic> follows retained messages")
    void retainedMessages_areStoredReplacedDeleted_andLookedUpOnSubscribe() throws Exception {
        var pub = clients.v3("dev-4");
        pub.publish("status/dev-4", "on", 1, true);
        await(() -> "on".equals(jedis.hget("mqtt:retain:status/dev-4", "payload")));
        pub.publish("status/dev-4", "off", 1, true);
        await(() -> "off".equals(jedis.hget("mqtt:retain:status/dev-4", "payload")));
        assertThat(jedis.hget("mqtt:retain:status/dev-4", "sender")).isEqualTo("dev-4");
        assertThat(jedis.smembers("mqtt:retained")).containsExactly("status/dev-4");
        pub.publish("status/dev-4", "", 1, true);
        await(() -> !jedis.exists("mqtt:retain:status/dev-4") && jedis.scard("mqtt:retained") == 0);

        jedis.hset("mqtt:retain:legacy/dev-5", Map.of("msgid", "00000000000000AB", "sender", "dev-5", "qos", "1",
                "payload", "from-redis"));
        jedis.sadd("mqtt:retained", "legacy/dev-5", "legacy*/[x]");
        var sub = clients.v3("watcher");
        sub.paho.subscribe("legacy/+", 1);
        assertThat(sub.next(5)).isEqualTo("legacy/dev-5 from-redis");
        assertThat(sub.next(1)).isNull();
    }

    @Test
    @DisplayName("hostile client ids, user names and topics (quotes, %, *, spaces, newlines, Unicode, 64 KB) are stored verbatim, as whole arguments")
    void hostileIdsUsernamesAndTopics_areStoredVerbatim_andHarmNothing() throws Exception {
        String big = "x".repeat(64 * 1024 - 16);
        List<String[]> cases = List.of(
                new String[] {"x\r\nFLUSHALL\r\n", "u\" \"FLUSHALL", "audit/\r\nDEL mqtt:client:bystander\r\n"},
                new String[] {"100%_*\\ {tag}", "%u%c*", "audit/%/_/*/?/[x]"},
                new String[] {"line\nbreak\ttab end", "user name", "audit/new\nline and space"},
                new String[] {"Gerät-ü-😀-中文", "Ünïcødé-用户", "audit/température/😀"},
                new String[] {big, big.substring(1), "audit/" + big.substring(0, 60_000)});
        clients.v3("bystander");
        await(() -> "1".equals(jedis.hget("mqtt:client:bystander", "state")));
        for (String[] c : cases) {
            var evil = new RawMqtt(node.uri(), c[0], c[1], "pw");
            evil.publish(c[2], "payload\r\nFLUSHALL\r\n".getBytes(StandardCharsets.UTF_8));
            await(() -> "1".equals(jedis.hget("mqtt:client:" + c[0], "state")));
            await(() -> jedis.zcard("mqtt:msg:topic:" + c[2]) == 1);
            String id = jedis.zrange("mqtt:msg:topic:" + c[2], 0, -1).get(0);
            assertThat(jedis.hget("mqtt:msg:" + id, "from")).isEqualTo(c[0]);
            assertThat(jedis.hget("mqtt:msg:" + id, "topic")).isEqualTo(c[2]);
            await(() -> jedis.llen("audit:" + c[0]) == 4);
            assertThat(jedis.lrange("audit:" + c[0], 0, -1)).containsExactly(c[2], "payload\r\nFLUSHALL\r\n", "1",
                    c[1]);
            evil.close();
        }
        assertThat(jedis.hget("mqtt:client:bystander", "state")).isEqualTo("1");
        assertThat(node.backend().writer().failed()).isZero();
    }

    @Test
    @DisplayName("ctl backend-redis status: mode, state, queue length, written, failed, dropped")
    void statusCommand_showsStateQueueAndCounters() throws Exception {
        clients.v3("dev-s").publish("sensor/s", "1", 1, false);
        await(() -> jedis.zcard("mqtt:msg:topic:sensor/s") == 1);
        await(() -> node.backend().writer().queued() == 0);
        CommandResult r = new StatusCommand("backend-redis", "redis", "Redis")
                .execute(List.of("status"), node.backend()::status, () -> null);
        System.out.println(r.text());
        assertThat(r.text()).contains("redis     127.0.0.1:" + REDIS.port() + "/0  up").contains("single")
                .contains("queue     0 of 100000 writes waiting").containsPattern("written\\s+[1-9]")
                .contains("failed    0").contains("dropped   0");
        assertThat(node.node.metrics.value(RedisBackend.WRITTEN)).isPositive();
    }
}
