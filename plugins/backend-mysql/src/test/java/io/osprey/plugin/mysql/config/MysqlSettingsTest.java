package io.osprey.plugin.mysql.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.HookRule;
import io.osprey.backend.config.Points;
import io.osprey.backend.sql.SqlTemplate;
import org.junit.jupiter.api.Test;

class MysqlSettingsTest {

    static MysqlSettings parse(Map<String, String> keys) throws ConfigException {
        return MysqlSettings.parse(ConfigReader.of(MysqlSettings.NAME, new HashMap<>(keys), Map.of()), null);
    }

    @Test
    void defaults_followEmqx() throws Exception {
        MysqlSettings s = parse(Map.of());
        assertThat(s.target()).isEqualTo("127.0.0.1:3306/mqtt");
        assertThat(s.poolSize()).isEqualTo(8);
        assertThat(s.maxReturnedCount()).isEqualTo(500);
        assertThat(s.timeRange()).isEqualTo(Duration.ZERO);
        assertThat(s.authQuery()).isNull();
        assertThat(s.rules()).isEmpty();
        assertThat(s.jdbcUrl()).startsWith("jdbc:mariadb://127.0.0.1:3306/mqtt?").contains("sslMode=disable")
                .doesNotContain("password");
    }

    @Test
    void emqxRules_parseWithTopicsFunctionsSqlAndOfflineOptions() throws Exception {
        MysqlSettings s = parse(Map.of(
                "hook.client.connected.1", "{\"action\": {\"function\": \"on_client_connected\"}, \"pool\": \"pool1\"}",
                "hook.session.subscribed.1", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_fetch\"}, "
                        + "\"offline_opts\": {\"max_returned_count\": 20, \"time_range\": \"2h\"}, \"pool\": \"pool1\"}",
                "hook.message.publish.2", "{\"topic\": \"a/+\", \"action\": {\"sql\": [\"insert into t(c, tp) "
                        + "values (${clientid}, ${topic})\", \"delete from u where c = ${clientid}\"]}}",
                "hook.message.publish.10", "{\"topic\": \"#\", \"action\": {\"function\": \"on_message_publish\"}}"));
        assertThat(s.rules()).extracting(HookRule::key).containsExactly("hook.client.connected.1",
                "hook.message.publish.2", "hook.message.publish.10", "hook.session.subscribed.1");
        HookRule<SqlTemplate> fetch = s.rules(Points.SESSION_SUBSCRIBED).get(0);
        assertThat(fetch.maxReturnedCount()).isEqualTo(20);
        assertThat(fetch.timeRange()).isEqualTo(Duration.ofHours(2));
        HookRule<SqlTemplate> sql = s.rules(Points.MESSAGE_PUBLISH).get(0);
        assertThat(sql.raw()).hasSize(2);
        assertThat(sql.raw().get(0).sql()).isEqualTo("insert into t(c, tp) values (?, ?)");
        assertThat(sql.appliesTo("a/b")).isTrue();
        assertThat(sql.appliesTo("a/b/c")).isFalse();
        HookRule<SqlTemplate> all = s.rules(Points.MESSAGE_PUBLISH).get(1);
        assertThat(all.appliesTo("x/y")).isTrue();
        assertThat(all.appliesTo("$SYS/brokers")).as("# leaves $ topics out").isFalse();
    }

    @Test
    void badRules_areReportedWithTheirKeys() {
        assertThatThrownBy(() -> parse(Map.of(
                "hook.client.connected.1", "{\"action\": {\"function\": \"on_message_publish\"}}",
                "hook.message.publish.1", "{\"action\": {\"sql\": [\"insert into t values (${reason})\"]}}",
                "hook.message.nonsense.1", "{\"action\": {\"function\": \"x\"}}",
                "hook.message.acked.1", "not json")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hook.client.connected.1").hasMessageContaining("on_client_connected")
                .hasMessageContaining("hook.message.publish.1").hasMessageContaining("${reason}")
                .hasMessageContaining("hook.message.nonsense.1")
                .hasMessageContaining("hook.message.acked.1");
    }

    @Test
    void badConnectionAndAuthValues_areReported() {
        assertThatThrownBy(() -> parse(Map.of("server", "db:notaport", "database", "mqtt; drop",
                "password_hash", "rot13", "auth_on_db_down", "maybe", "auth_query", "select ${password}")))
                .hasMessageContaining("server").hasMessageContaining("database").hasMessageContaining("password_hash")
                .hasMessageContaining("auth_on_db_down").hasMessageContaining("auth_query");
    }

    @Test
    void authQueries_bindEmqxPlaceholders() throws Exception {
        MysqlSettings s = parse(Map.of("auth_query",
                "select password, salt from mqtt_user where username = '%u' limit 1",
                "password_hash", "salt,sha256", "auth_on_db_down", "deny"));
        assertThat(s.authQuery().sql()).isEqualTo("select password, salt from mqtt_user where username = ? limit 1");
        assertThat(s.authDenyWhenDown()).isTrue();
        assertThat(s.needsAuthTables()).isTrue();
    }

    @Test
    void infinity_meansNoLimit() throws Exception {
        MysqlSettings s = parse(Map.of("max_returned_count", "infinity", "time_range", "infinity"));
        assertThat(s.maxReturnedCount()).isZero();
        assertThat(s.timeRange()).isZero();
    }

    @Test
    void tls_mapsToTheDriversSslMode() throws Exception {
        assertThat(parse(Map.of("ssl", "on", "ssl.verify", "verify_none")).jdbcUrl()).contains("sslMode=trust");
        assertThat(parse(Map.of("ssl", "on", "ssl.cacertfile", "/etc/ca.pem")).jdbcUrl())
                .contains("sslMode=verify-full").contains("serverSslCert=file:///etc/ca.pem");
    }
}
