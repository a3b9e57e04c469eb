package io.osprey.plugin.pgsql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.Points;
import org.junit.jupiter.api.Test;

class PgsqlSettingsTest {

    static PgsqlSettings parse(Map<String, String> keys) throws ConfigException {
        return PgsqlSettings.parse(ConfigReader.of(PgsqlSettings.NAME, new HashMap<>(keys), Map.of()), null);
    }

    @Test
    void defaults_followEmqx() throws Exception {
        PgsqlSettings s = parse(Map.of());
        assertThat(s.target()).isEqualTo("127.0.0.1:5432/mqtt");
        assertThat(s.username()).isEqualTo("postgres");
        assertThat(s.common().poolSize()).isEqualTo(8);
        assertThat(s.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:5432/mqtt?").contains("sslmode=disable")
                .contains("stringtype=unspecified").doesNotContain("password");
        assertThat(s.schemaFiles()).containsExactly(PgsqlSettings.BACKEND_SCHEMA);
    }

    @Test
    void tls_mapsToTheDriversSslMode() throws Exception {
        assertThat(parse(Map.of("ssl", "on", "ssl.verify", "verify_none")).jdbcUrl()).contains("sslmode=require")
                .contains("NonValidatingFactory");
        assertThat(parse(Map.of("ssl", "on", "ssl.cacertfile", "/etc/ca dir/ca.pem")).jdbcUrl())
                .contains("sslmode=verify-full").contains("sslrootcert=%2Fetc%2Fca+dir%2Fca.pem");
        assertThat(parse(Map.of("ssl", "on")).jdbcUrl()).contains("DefaultJavaSSLFactory");
    }

    @Test
    void rulesAndAuthQueries_bindEveryPlaceholder() throws Exception {
        PgsqlSettings s = parse(Map.of(
                "hook.message.publish.1", "{\"topic\": \"a/+\", \"action\": {\"sql\": [\"insert into t(c, tp) "
                        + "values (${clientid}, ${topic})\"]}}",
                "auth_query", "select password from mqtt_user where username = '%u' limit 1",
                "acl_query", "select allow, ipaddr, username, clientid, access, topic from mqtt_acl where "
                        + "username = ${username} or clientid = '%c'"));
        assertThat(s.common().rules(Points.MESSAGE_PUBLISH).get(0).raw().get(0).sql())
                .isEqualTo("insert into t(c, tp) values (?, ?)");
        assertThat(s.authQuery().sql()).isEqualTo("select password from mqtt_user where username = ? limit 1");
        assertThat(s.aclQuery().names()).containsExactly("username", "clientid");
        assertThat(s.schemaFiles()).containsExactly(PgsqlSettings.BACKEND_SCHEMA, PgsqlSettings.AUTH_SCHEMA);
    }

    @Test
    void badValues_areReportedWithTheirKeys() {
        assertThatThrownBy(() -> parse(Map.of("server", "db:notaport", "database", "mqtt; drop",
                "password_hash", "rot13", "auth_on_db_down", "maybe", "auth_query", "select ${password}",
                "hook.client.connected.1", "{\"action\": {\"function\": \"on_message_publish\"}}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server").hasMessageContaining("database").hasMessageContaining("password_hash")
                .hasMessageContaining("auth_on_db_down").hasMessageContaining("auth_query")
                .hasMessageContaining("hook.client.connected.1");
    }
}
