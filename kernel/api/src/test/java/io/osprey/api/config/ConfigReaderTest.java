package io.osprey.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    @TempDir
    Path dir;

    @Test
    void fileValue_isReadWithUnits() throws Exception {
        ConfigReader r = ConfigReader.of("broker",
                Map.of("keepalive", "15s", "max_packet_size", "1MB", "allow_anonymous", "off", "max_inflight", "32"),
                Map.of());
        assertThat(r.duration("keepalive", "60s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(r.bytes("max_packet_size", "256KB", 0, Long.MAX_VALUE)).isEqualTo(1024 * 1024);
        assertThat(r.bool("allow_anonymous", true)).isFalse();
        assertThat(r.integer("max_inflight", 0, 0, 65535)).isEqualTo(32);
        r.check();
    }

    @Test
    void placeholders_inTheFile_areKeptLiterally_thoughTheFileLoaderRemovedThem() throws Exception {
        Path file = dir.resolve("osprey.webhook.cfg");
        Files.writeString(file, "response_information = response/${clientid}/\n"
                + "rule.1 = {\"key\": \"$\\{clientid}\", \"topic\": \"t\"}\n"
                + "plain = 10s\n");
        // what FileInstall hands over: unknown ${...} replaced by nothing
        ConfigReader r = ConfigReader.of("webhook", Map.of("response_information", "response//",
                "rule.1", "{\"key\": \"\", \"topic\": \"t\"}", "plain", "10s",
                ConfigReader.FILE_PROPERTY, file.toUri().toString()), Map.of());
        assertThat(r.string("response_information", "")).isEqualTo("response/${clientid}/");
        assertThat(r.string("rule.1", "")).isEqualTo("{\"key\": \"${clientid}\", \"topic\": \"t\"}");
        assertThat(r.string("plain", "")).isEqualTo("10s");
    }

    @Test
    void missingKey_readsDefault() throws Exception {
        ConfigReader r = ConfigReader.of("broker", Map.of(), Map.of());
        assertThat(r.duration("retry_interval", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(r.hostPort("bind", "127.0.0.1:1883").getPort()).isEqualTo(1883);
        r.check();
    }

    @Test
    void environmentOverride_winsOverFile_withNameFromFile() throws Exception {
        Path file = dir.resolve("osprey.listener-tcp.cfg");
        Files.writeString(file, "bind = 0.0.0.0:1883\n");
        ConfigReader r = ConfigReader.of("ignored",
                Map.of("bind", "0.0.0.0:1883", ConfigReader.FILE_PROPERTY, file.toUri().toString()),
                Map.of("OSPREY_LISTENER_TCP__BIND", "127.0.0.1:18830"));
        assertThat(r.name()).isEqualTo("listener-tcp");
        assertThat(r.hostPort("bind", "0.0.0.0:1").getPort()).isEqualTo(18830);
        assertThat(r.hostPort("bind", "0.0.0.0:1").getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void environmentOverride_matchesIgnoringCaseAndSeparators() {
        ConfigReader r = ConfigReader.of("broker", Map.of(),
                Map.of("osprey_Broker__allow-anonymous", "false", "OSPREY_BROKER__NODE_NAME", "n1@host"));
        assertThat(r.bool("allow_anonymous", true)).isFalse();
        assertThat(r.string("node.name", "x")).isEqualTo("n1@host");
    }

    @Test
    void environmentOverride_forKeyAbsentFromFile_applies() {
        ConfigReader r = ConfigReader.of("management", Map.of(), Map.of("OSPREY_MANAGEMENT__BIND", "127.0.0.1:18081"));
        assertThat(r.hostPort("bind", "127.0.0.1:8081").getPort()).isEqualTo(18081);
    }

    @Test
    void otherComponentsVariables_areIgnored() {
        ConfigReader r = ConfigReader.of("listener-tcp", Map.of(), Map.of("OSPREY_LISTENER_SSL__BIND", "1.2.3.4:1"));
        assertThat(r.hostPort("bind", "0.0.0.0:1883").getPort()).isEqualTo(1883);
    }

    @Test
    void badValueInFile_namesFileLineKeyValueAndExpectation() throws Exception {
        Path file = dir.resolve("osprey.listener-tcp.cfg");
        Files.writeString(file, "# tcp\nmax_connections = 1000\nbind = nowhere:99999\n");
        ConfigReader r = ConfigReader.of("x", Map.of("bind", "nowhere:99999", "max_connections", "1000",
                ConfigReader.FILE_PROPERTY, file.toUri().toString()), Map.of());
        r.hostPort("bind", "0.0.0.0:1883");
        assertThatThrownBy(r::check).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":3")
                .hasMessageContaining("bind = \"nowhere:99999\"")
                .hasMessageContaining("expected host:port");
        ConfigError e = r.errors().get(0);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("bind");
    }

    @Test
    void badValueFromEnvironment_namesTheVariable() {
        ConfigReader r = ConfigReader.of("broker", Map.of(), Map.of("OSPREY_BROKER__MAX_INFLIGHT", "lots"));
        assertThat(r.integer("max_inflight", 32, 1, 65535)).isEqualTo(32);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("environment OSPREY_BROKER__MAX_INFLIGHT");
            assertThat(e.describe()).contains("max_inflight = \"lots\"").contains("an integer from 1 to 65535");
        });
    }

    @Test
    void outOfRangeInteger_isAnError() {
        ConfigReader r = ConfigReader.of("broker", Map.of("max_qos_allowed", "3"), Map.of());
        assertThat(r.integer("max_qos_allowed", 2, 0, 2)).isEqualTo(2);
        assertThat(r.errors()).hasSize(1);
    }

    @Test
    void badBooleanDurationSizeAndChoice_areErrors() {
        ConfigReader r = ConfigReader.of("broker", Map.of("a", "maybe", "b", "soon", "c", "lots", "d", "purple"),
                Map.of());
        r.bool("a", true);
        r.duration("b", "1s");
        r.bytes("c", "1KB", 0, Long.MAX_VALUE);
        assertThat(r.oneOf("d", "red", "red", "green")).isEqualTo("red");
        assertThat(r.errors()).extracting(ConfigError::key).containsExactly("a", "b", "c", "d");
    }

    @Test
    void group_collectsNumberedKeysInNumericOrder_includingEnvironment() {
        ConfigReader r = ConfigReader.of("listener-tcp",
                Map.of("access.10", "deny all", "access.2", "allow 10.0.0.0/8", "other", "x"),
                Map.of("OSPREY_LISTENER_TCP__ACCESS_1", "allow 127.0.0.1"));
        assertThat(r.group("access.")).containsExactly(Map.entry("1", "allow 127.0.0.1"),
                Map.entry("2", "allow 10.0.0.0/8"), Map.entry("10", "deny all"));
    }

    @Test
    void unknownKeys_listsWhatNoGetterRead() {
        ConfigReader r = ConfigReader.of("broker", Map.of("max_inflight", "1", "max_infligth", "2",
                "service.pid", "osprey.broker"), Map.of());
        r.integer("max_inflight", 1, 0, 10);
        assertThat(r.unknownKeys()).containsExactly("max_infligth");
    }

    @Test
    void hostPort_acceptsPortOnlyAndIpv6() {
        assertThat(ConfigReader.parseHostPort("1883").getPort()).isEqualTo(1883);
        assertThat(ConfigReader.parseHostPort(":8083").getAddress().isAnyLocalAddress()).isTrue();
        assertThat(ConfigReader.parseHostPort("[::1]:1883").getAddress().isLoopbackAddress()).isTrue();
        assertThat(ConfigReader.parseHostPort("::1:1883")).isNull();
        assertThat(ConfigReader.parseHostPort("host:abc")).isNull();
    }
}
