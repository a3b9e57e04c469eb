package io.osprey.plugin.mysql.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.Points;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawValuesTest {

    @Test
    void placeholdersFileInstallEmptied_comeBackFromTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("osprey.backend.mysql.cfg");
        Files.writeString(file, """
                # a comment
                hook.client.connected.3 = {"action": {"sql": ["insert into c(id) values (${clientid})"]}}
                hook.message.publish.4 = {"action": {"sql": ["insert into m(t) \\
                   values ($\\\\{topic})"]}}
                auth_query = select password from mqtt_user where username = ${username}
                user = osprey
                """);
        // what FileInstall hands ConfigAdmin for that file
        Map<String, Object> props = new HashMap<>();
        props.put(ConfigReader.FILE_PROPERTY, file.toUri().toString());
        props.put("hook.client.connected.3", "{\"action\": {\"sql\": [\"insert into c(id) values ()\"]}}");
        props.put("hook.message.publish.4", "{\"action\": {\"sql\": [\"insert into m(t) values (${topic})\"]}}");
        props.put("auth_query", "select password from mqtt_user where username = ");
        props.put("user", "osprey");

        MysqlSettings s = MysqlSettings.parse(props, dir);
        assertThat(s.rules(Points.CLIENT_CONNECTED).get(0).raw().get(0).names()).containsExactly("clientid");
        assertThat(s.rules(Points.MESSAGE_PUBLISH).get(0).raw().get(0).sql())
                .isEqualTo("insert into m(t) values (?)");
        assertThat(s.authQuery().names()).containsExactly("username");
        assertThat(s.user()).isEqualTo("osprey");
    }
}
