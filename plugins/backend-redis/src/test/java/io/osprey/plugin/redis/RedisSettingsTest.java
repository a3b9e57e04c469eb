package io.osprey.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.Points;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    static RedisSettings parse(Map<String, String> keys) throws ConfigException {
        return RedisSettings.parse(ConfigReader.of(RedisSettings.NAME, new HashMap<>(keys), Map.of()), null);
    }

    @Test
    void defaults_followEmqx() throws Exception {
        RedisSettings s = parse(Map.of());
        assertThat(s.type()).isEqualTo("single");
        assertThat(s.target()).isEqualTo("127.0.0.1:6379/0");
        assertThat(s.messageTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(s.authCmd()).isNull();
    }

    @Test
    void sentinelAndCluster_takeAListOfServers() throws Exception {
        RedisSettings sentinel = parse(Map.of("type", "sentinel", "server", "10.0.0.1:26379, 10.0.0.2",
                "sentinel", "mymaster", "database", "2"));
        assertThat(sentinel.target()).isEqualTo("sentinel mymaster@10.0.0.1:26379,10.0.0.2:26379/2");
        RedisSettings cluster = parse(Map.of("type", "cluster", "server", "a:7000,b:7001,c:7002"));
        assertThat(cluster.servers()).hasSize(3);
    }

    @Test
    void rulesAndAuthCommands_compile() throws Exception {
        RedisSettings s = parse(Map.of(
                "hook.session.unsubscribed.1", "{\"topic\": \"#\", \"action\": {\"commands\": "
                        + "[\"DEL mqtt:acked:${clientid}:${topic}\"]}}",
                "auth_cmd", "HMGET mqtt_user:%u password salt", "acl_cmd", "HGETALL mqtt_acl:%u",
                "msg.expired_after", "3600"));
        assertThat(s.common().rules(Points.SESSION_UNSUBSCRIBED).get(0).raw().get(0).name()).isEqualTo("DEL");
        assertThat(s.authCmd().name()).isEqualTo("HMGET");
        assertThat(s.messageTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badValues_areReportedWithTheirKeys() {
        assertThatThrownBy(() -> parse(Map.of("type", "ring", "server", "x:y", "password_hash", "rot13",
                "hook.message.publish.1", "{\"action\": {\"sql\": [\"insert\"]}}", "auth_cmd", "${username} x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("type").hasMessageContaining("server")
                .hasMessageContaining("password_hash").hasMessageContaining("hook.message.publish.1")
                .hasMessageContaining("commands").hasMessageContaining("auth_cmd");
        assertThatThrownBy(() -> parse(Map.of("type", "sentinel"))).hasMessageContaining("sentinel");
        assertThatThrownBy(() -> parse(Map.of("type", "cluster", "database", "1"))).hasMessageContaining("database");
        assertThatThrownBy(() -> parse(Map.of("type", "single", "server", "a:1,b:2"))).hasMessageContaining("server");
    }
}
