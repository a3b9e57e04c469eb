package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.osprey.plugin.pgsql.PostgresServer;
import io.osprey.plugin.redis.RedisServer;
import io.osprey.testkit.TestClients;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/**
 * backend-pgsql and backend-redis side by side in the assembled node, against a private PostgreSQL cluster and a
 * private redis-server: both resolve in Felix with only the node's system bundles (each carries its own copy of the
 * backend core, its driver or client, its pool), the shipped rules of their {@code etc/} files (with {@code ${…}}
 * placeholders) write rows and keys, each authenticates its own users and leaves the others to the next, and
 * unloading one under QoS 1 traffic disturbs neither the publishers nor the other backend. Methods run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendsNodeIT {

    /** bcrypt (cost 10) of "s3cret". */
    static final String BCRYPT_S3CRET = "$2a$10$yQ2sM5mhpDBhVEbc6YhNB.2ft70hK/8o2Rsl/KrAKhWWsMzrfDz4W";

    static PostgresServer pg;
    static RedisServer redis;
    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        pg = new PostgresServer();
        pg.start();
        redis = new RedisServer();
        redis.start();
        node = NodeProcess.copy("backends");
        Map<String, String> env = node.env();
        pg.pluginConfig().forEach((k, v) -> env.put("OSPREY_BACKEND_PGSQL__" + k.toUpperCase(), v));
        env.put("OSPREY_BACKEND_PGSQL__RETRY_INTERVAL", "300ms");
        env.put("OSPREY_BACKEND_PGSQL__AUTH_QUERY",
                "select password, salt from mqtt_user where username = ${username} limit 1");
        env.put("OSPREY_BACKEND_PGSQL__PASSWORD_HASH", "bcrypt");
        env.put("OSPREY_BACKEND_REDIS__SERVER", "127.0.0.1:" + redis.port());
        env.put("OSPREY_BACKEND_REDIS__AUTH_CMD", "HMGET mqtt_user:%u password");
        node.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void load_bothResolveInFelix_connect_andCreateWhatTheyNeed() throws Exception {
        for (String plugin : new String[] {"backend-pgsql", "backend-redis"}) {
            NodeProcess.Ctl load = node.ctl("plugins", "load", plugin);
            assertThat(load.exit()).as(load.out()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> node.ctl("plugins", "list").out()
                    .matches("(?s).*" + plugin + "\\s+\\S+\\s+loaded.*"));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> node.ctl("backend-pgsql", "status").out().contains("/mqtt  up"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            new TestClients(node.mqttUri()).connackV3("probe", "nobody", "x"); // the Redis client connects at first use
            return node.ctl("backend-redis", "status").out().contains("/0  up");
        });
        System.out.println("[backends] ctl backend-pgsql status:\n" + node.ctl("backend-pgsql", "status").out());
        System.out.println("[backends] ctl backend-redis status:\n" + node.ctl("backend-redis", "status").out());
        await().atMost(Duration.ofSeconds(20)).until(() -> pg.count("select count(*) from information_schema.tables "
                + "where table_name in ('mqtt_client', 'mqtt_msg', 'mqtt_acked', 'mqtt_user', 'mqtt_acl')") == 5);
        assertThat(node.ctl("help").out()).contains("backend-pgsql status", "backend-redis status");
    }

    @Test
    @Order(2)
    void shippedRules_storeStateAndQos1Messages_inBoth_andPlaceholdersSurviveTheCfgLoader() throws Exception {
        try (Mqtt.Client c = Mqtt.connect(node.mqttUri(), "bb-1"); Jedis j = redis.jedis()) {
            for (int i = 0; i < 5; i++) {
                c.publish("sensor/bb-1", "v" + i, 1);
            }
            c.publish("sensor/bb-1", "qos0", 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> pg.count("select count(*) from mqtt_msg "
                    + "where sender = 'bb-1'") == 5 && j.zcard("mqtt:msg:topic:sensor/bb-1") == 5);
            assertThat(pg.rows("select state, node from mqtt_client where clientid = 'bb-1'").get(0))
                    .containsEntry("state", "1").containsEntry("node", "osprey@127.0.0.1");
            assertThat(j.hget("mqtt:client:bb-1", "state")).isEqualTo("1");

            // on_message_fetch makes read positions; the shipped unsubscribe rules delete them with ${clientid}
            c.paho.subscribe("inbox/bb-1", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> pg.count("select count(*) from mqtt_acked "
                    + "where clientid = 'bb-1' and topic = 'inbox/bb-1'") == 1
                    && j.hexists("mqtt:acked:bb-1", "inbox/bb-1"));
            c.paho.unsubscribe("inbox/bb-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> pg.count("select count(*) from mqtt_acked "
                    + "where clientid = 'bb-1'") == 0 && !j.hexists("mqtt:acked:bb-1", "inbox/bb-1"));
        }
        assertThat(node.ctl("backend-pgsql", "status").out()).containsPattern("failed\\s+0");
        assertThat(node.ctl("backend-redis", "status").out()).containsPattern("failed\\s+0");
    }

    @Test
    @Order(3)
    void eachBackendAuthenticatesItsOwnUsers_andPassesTheOthersOn() throws Exception {
        pg.execute("insert into mqtt_user(username, password) values ('bella', ?)", BCRYPT_S3CRET);
        try (Jedis j = redis.jedis()) {
            j.hset("mqtt_user:rita", "password", "r3dis");
        }
        TestClients clients = new TestClients(node.mqttUri());
        assertThat(clients.connackV3("bella-1", "bella", "s3cret")).as("bcrypt in PostgreSQL").isZero();
        assertThat(clients.connackV3("bella-2", "bella", "wrong")).isEqualTo(4);
        assertThat(clients.connackV3("rita-1", "rita", "r3dis")).as("plain in Redis").isZero();
        assertThat(clients.connackV3("rita-2", "rita", "wrong")).isEqualTo(4);
        assertThat(clients.connackV3("anon", null, null)).as("unknown to both: allow_anonymous decides").isZero();
    }

    @Test
    @Order(4)
    void unloadAndLoadRedis_underQos1Traffic_publishersNeverNotice_andPostgresKeepsWriting() throws Exception {
        AtomicBoolean run = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong seq = new AtomicLong();
        AtomicLong maxLatency = new AtomicLong();
        MqttClient pub = new MqttClient(node.mqttUri(), "traffic", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        pub.connect(options);
        Thread t = new Thread(() -> {
            try {
                while (run.get()) {
                    long n = seq.getAndIncrement();
                    long start = System.nanoTime();
                    pub.publish("traffic/t", Long.toString(n).getBytes(StandardCharsets.UTF_8), 1, false);
                    maxLatency.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    Thread.sleep(5);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "traffic");
        t.start();
        try (Jedis j = redis.jedis()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seq.get() > 200);
            NodeProcess.Ctl unload = node.ctl("plugins", "unload", "backend-redis");
            assertThat(unload.exit()).as(unload.out()).isZero();
            long unloadedAt = seq.get();
            assertThat(node.ctl("backend-redis", "status").exit()).isEqualTo(1); // the command went with it
            await().atMost(Duration.ofSeconds(10)).until(() -> seq.get() > unloadedAt + 200);
            long inRedisWhileUnloaded = j.zcard("mqtt:msg:topic:traffic/t");
            NodeProcess.Ctl load = node.ctl("plugins", "load", "backend-redis");
            assertThat(load.exit()).as(load.out()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> j.zcard("mqtt:msg:topic:traffic/t")
                    > inRedisWhileUnloaded + 50);
            run.set(false);
            t.join(10_000);
            long published = seq.get();
            System.out.printf("[backends] %d QoS 1 messages while backend-redis was unloaded and loaded; longest "
                    + "publish->PUBACK %d ms%n", published, maxLatency.get());
            assertThat(failure.get()).as("every publish got its PUBACK").isNull();
            assertThat(pub.isConnected()).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> pg.count("select count(*) from mqtt_msg "
                    + "where topic = 'traffic/t'") == published);
            assertThat(node.ctl("plugins", "list").out()).containsPattern("backend-redis\\s+\\S+\\s+loaded");
        } finally {
            run.set(false);
            t.join(10_000);
            if (pub.isConnected()) {
                pub.disconnect(1000);
            }
            pub.close(true);
        }
    }
}
