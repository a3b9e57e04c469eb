package io.osprey.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.osprey.backend.testing.ServerProcesses;
import io.osprey.testkit.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * {@code type = cluster} against a real three-master Redis Cluster made by the test ({@code redis-server
 * --cluster-enabled yes} three times, then {@code redis-cli --cluster create}): writes land on the node that owns
 * each key's slot, reads (auth, fetch) follow the keys across nodes, and the seed list needs only one live node.
 */
class RedisClusterIT {

    static final List<RedisServer> NODES = new ArrayList<>();
    static RedisClusterClient cluster;

    @TempDir
    Path home;
    RedisNode node;
    TestClients clients;

    @BeforeAll
    static void startCluster() throws Exception {
        for (int i = 0; i < 3; i++) {
            RedisServer s = new RedisServer(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000"));
            s.start();
            NODES.add(s);
        }
        List<String> create = new ArrayList<>(List.of(ServerProcesses.find("redis-tools", List.of(), "redis-cli"),
                "--cluster", "create"));
        NODES.forEach(n -> create.add("127.0.0.1:" + n.port()));
        create.add("--cluster-yes");
        ServerProcesses.run(create, Files.createTempFile("redis-cluster-create", ".log"), 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> NODES.stream().allMatch(n -> {
            try (Jedis j = n.jedis()) {
                return j.clusterInfo().contains("cluster_state:ok");
            }
        }));
        cluster = RedisClusterClient.create(NODES.stream().map(n -> new HostAndPort("127.0.0.1", n.port()))
                .collect(Collectors.toSet()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        NODES.forEach(RedisServer::close);
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

    @Test
    @DisplayName("cluster: client state, messages and auth across the three masters, from one seed node")
    void cluster_writesAndReadsFollowTheKeysSlots() throws Exception {
        cluster.hset("mqtt_user:carol", Map.of("password", RedisAuthIT.hex("SHA-256", "pw")));
        node = new RedisNode(home, Map.of("allow_anonymous", "false"), Map.of(
                "type", "cluster",
                "server", "127.0.0.1:" + NODES.get(1).port(),
                "auth_cmd", "HMGET mqtt_user:%u password",
                "hook.client.connected.1", "{\"action\": {\"function\": \"on_client_connected\"}}",
                "hook.message.publish.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_publish\"}}",
                "hook.session.subscribed.1", "{\"topic\": \"inbox/#\", \"action\": {\"function\": \"on_message_fetch\"}}",
                "hook.message.acked.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_acked\"}}"));
        clients = new TestClients(node.uri());
        assertThat(clients.connackV3("x", "carol", "wrong")).isEqualTo(4);
        var pub = clients.v3("pub-c", "carol", "pw", true);
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            topics.add("inbox/dev-" + i);
            pub.publish("inbox/dev-" + i, "m" + i, 1, false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.stream()
                .allMatch(t -> cluster.zcard("mqtt:msg:topic:" + t) == 1));
        assertThat(cluster.hget("mqtt:client:pub-c", "state")).isEqualTo("1");
        long mastersWithData = NODES.stream().filter(n -> {
            try (Jedis j = n.jedis()) {
                return j.dbSize() > 0;
            }
        }).count();
        assertThat(mastersWithData).as("the keys live on every master").isEqualTo(3);

        var dev = clients.v3("dev-7", "carol", "pw", true);
        dev.paho.subscribe("inbox/#", 1);
        List<String> got = new ArrayList<>();
        for (String m = dev.next(5); m != null; m = dev.next(1)) {
            got.add(m);
        }
        assertThat(got).hasSize(20).contains("inbox/dev-7 m7", "inbox/dev-19 m19");
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.hget("mqtt:acked:dev-7", "inbox/#") != null);
        assertThat(node.backend().writer().failed()).isZero();
        assertThat(node.backend().status().toString()).contains("mode=cluster").contains("state=up");
    }
}
