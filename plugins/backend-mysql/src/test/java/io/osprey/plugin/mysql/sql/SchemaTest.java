package io.osprey.plugin.mysql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.osprey.backend.sql.Schema;
import io.osprey.plugin.mysql.MysqlBackend;
import io.osprey.plugin.mysql.config.MysqlSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {

    @Test
    void statements_endWithSemicolonAtLineEnd_commentsSkipped() {
        List<String> s = Schema.statements("-- comment\nCREATE TABLE a (\n  x int -- note\n);\n\nCREATE TABLE b (y int);\n");
        assertThat(s).containsExactly("CREATE TABLE a (\n  x int -- note\n)", "CREATE TABLE b (y int)");
    }

    @Test
    void bundledSchemaFiles_createEveryBackendAndAuthTable() {
        Schema schema = new Schema(List.of(MysqlSettings.BACKEND_SCHEMA, MysqlSettings.AUTH_SCHEMA), null,
                MysqlBackend.class);
        String all = String.join("\n", Schema.statements(schema.read(MysqlSettings.BACKEND_SCHEMA)))
                + String.join("\n", Schema.statements(schema.read(MysqlSettings.AUTH_SCHEMA)));
        for (String table : List.of("mqtt_client", "mqtt_sub", "mqtt_msg", "mqtt_retain", "mqtt_acked", "mqtt_user",
                "mqtt_acl")) {
            assertThat(all).contains("CREATE TABLE IF NOT EXISTS `" + table + "`");
        }
    }

    @Test
    void anAdaptedFileInEtcSql_winsOverTheBundledOne(@TempDir Path etc) throws Exception {
        Path sql = Files.createDirectories(etc.resolve("sql"));
        Files.writeString(sql.resolve(MysqlSettings.BACKEND_SCHEMA), "CREATE TABLE IF NOT EXISTS custom (x int);\n");
        assertThat(new Schema(List.of(MysqlSettings.BACKEND_SCHEMA), sql, MysqlBackend.class)
                .read(MysqlSettings.BACKEND_SCHEMA)).contains("custom");
    }
}
