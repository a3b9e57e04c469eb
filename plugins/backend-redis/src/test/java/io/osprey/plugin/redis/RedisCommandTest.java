package io.osprey.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RedisCommandTest {

    static final Set<String> VARS = Set.of("clientid", "username", "topic", "payload", "peerhost", "certcn");

    static List<String> args(RedisCommand c, Map<String, Object> vars) {
        return Arrays.stream(c.args(vars::get)).map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void emqxAuthCommand_placeholderInsideAKey_isOneArgument() {
        RedisCommand c = RedisCommand.parse("HMGET mqtt_user:%u password salt", VARS);
        assertThat(c.name()).isEqualTo("HMGET");
        assertThat(args(c, Map.of("username", "alice"))).containsExactly("mqtt_user:alice", "password", "salt");
    }

    @Test
    void valuesWithSpacesQuotesAndNewlines_stayOneArgument() {
        RedisCommand c = RedisCommand.parse("hset dev:${clientid} topic ${topic}", VARS);
        String evil = "a b\r\nFLUSHALL\r\n\"x\"";
        assertThat(args(c, Map.of("clientid", evil, "topic", "t/1"))).containsExactly("dev:" + evil, "topic", "t/1");
        assertThat(c.name()).isEqualTo("HSET");
    }

    @Test
    void doubleQuotes_groupWordsWithSpaces() {
        RedisCommand c = RedisCommand.parse("SET \"key with space\" \"say \\\"hi\\\"\"", VARS);
        assertThat(args(c, Map.of())).containsExactly("key with space", "say \"hi\"");
        assertThatThrownBy(() -> RedisCommand.parse("SET \"open", VARS)).hasMessageContaining("quotes");
    }

    @Test
    void payload_isPassedAsBytes_andMissingValuesAsEmpty() {
        RedisCommand c = RedisCommand.parse("SET msg:${clientid} ${payload}", VARS);
        byte[] payload = {0, (byte) 0xFF, 10};
        byte[][] a = c.args(Map.<String, Object>of("payload", payload)::get);
        assertThat(a[0]).isEqualTo("msg:".getBytes(StandardCharsets.UTF_8));
        assertThat(a[1]).isEqualTo(payload);
    }

    @Test
    void theCommandName_cannotBeAPlaceholder_andUnknownPlaceholdersAreRefused() {
        assertThatThrownBy(() -> RedisCommand.parse("${clientid} x", VARS)).hasMessageContaining("command name");
        assertThatThrownBy(() -> RedisCommand.parse("SET k ${reason}", VARS)).hasMessageContaining("${reason}");
        assertThatThrownBy(() -> RedisCommand.parse("   ", VARS)).hasMessageContaining("empty");
    }
}
