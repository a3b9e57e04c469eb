package io.osprey.bridge.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.bridge.core.event.PayloadEncoding;
import io.osprey.bridge.core.event.HookPoint;
import org.junit.jupiter.api.Test;

class EventEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode encode(PayloadEncoding enc, BridgeEvent e) throws Exception {
        return JSON.readTree(new EventEncoder(enc, "osprey@n1").encode(e));
    }

    private static BridgeEvent message(HookPoint point, byte[] payload) {
        return new BridgeEvent(point, "sub-1", null, null, 0, 0, 0, null, "a/b", 1, true, payload, "pub-1",
                List.of(), 1700000000000L);
    }

    @Test
    void publish_hasEmqxFields_payloadBase64() throws Exception {
        JsonNode v = encode(PayloadEncoding.BASE64, message(HookPoint.MESSAGE_PUBLISH, new byte[] {0, 1, (byte) 0xFF}));
        assertThat(v.get("client_id").asText()).isEqualTo("sub-1");
        assertThat(v.get("username").isNull()).isTrue();
        assertThat(v.get("topic").asText()).isEqualTo("a/b");
        assertThat(v.get("payload").asText()).isEqualTo("AAH/");
        assertThat(v.get("qos").asInt()).isEqualTo(1);
        assertThat(v.get("retain").asBoolean()).isTrue();
        assertThat(v.get("node").asText()).isEqualTo("osprey@n1");
        assertThat(v.get("ts").asLong()).isEqualTo(1700000000000L);
        assertThat(v.has("from")).isFalse();
    }

    @Test
    void delivered_namesThePublisherInFrom_payloadPlain() throws Exception {
        JsonNode v = encode(PayloadEncoding.PLAIN,
                message(HookPoint.MESSAGE_DELIVERED, "héllo \"x\"".getBytes(StandardCharsets.UTF_8)));
        assertThat(v.get("from").asText()).isEqualTo("pub-1");
        assertThat(v.get("payload").asText()).isEqualTo("héllo \"x\"");
    }

    @Test
    void clientEvents_haveTheirOwnFields() throws Exception {
        JsonNode c = encode(PayloadEncoding.BASE64, new BridgeEvent(HookPoint.CLIENT_CONNECTED, "c1", "u1",
                "10.0.0.9", 60, 4, 1234L, null, null, 0, false, null, null, List.of(), 5678L));
        assertThat(c.get("ipaddress").asText()).isEqualTo("10.0.0.9");
        assertThat(c.get("keepalive").asInt()).isEqualTo(60);
        assertThat(c.get("proto_ver").asInt()).isEqualTo(4);
        assertThat(c.get("connected_at").asLong()).isEqualTo(1234L);
        JsonNode d = encode(PayloadEncoding.BASE64, new BridgeEvent(HookPoint.CLIENT_DISCONNECTED, "c1", "u1",
                null, 0, 4, 0, "keepalive_timeout", null, 0, false, null, null, List.of(), 1L));
        assertThat(d.get("reason").asText()).isEqualTo("keepalive_timeout");
        assertThat(d.has("topic")).isFalse();
    }
}
