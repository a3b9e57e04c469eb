package io.osprey.broker.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.osprey.api.MessageProperties;
import io.osprey.api.UserProperty;
import org.junit.jupiter.api.Test;

/** What PacketWriter encodes, Netty's decoder reads back unchanged. */
class PacketWriterTest {

    private static MqttPublishMessage decode(ByteBuf bytes, MqttVersion v) {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttDecoder(1 << 20));
        ch.attr(AttributeKey.<MqttVersion>valueOf("NETTY_CODEC_MQTT_VERSION")).set(v);
        ch.writeInbound(bytes);
        MqttPublishMessage m = ch.readInbound();
        ch.finish();
        return m;
    }

    @Test
    void publish_v5_withEveryProperty_roundTrips() {
        MessageProperties props = new MessageProperties(1, 60L, "text/plain", "reply", "c".getBytes(),
                List.of(new UserProperty("k", "v"), new UserProperty("k", "w")));
        byte[] payload = "héllo".getBytes(StandardCharsets.UTF_8);
        int propsLen = PacketWriter.publishPropertiesLength(props, 42, 7, 300);
        int topicBytes = ByteBufUtil.utf8Bytes("tö/pic");
        ByteBuf out = Unpooled.buffer();
        PacketWriter.writePublishHeader(out, "tö/pic", topicBytes, 1, true, true, 513, true, props, 42, 7, 300,
                propsLen, payload.length);
        out.writeBytes(payload);
        assertThat(out.readableBytes()).isEqualTo(PacketWriter.publishSize(topicBytes, 1, propsLen, true,
                payload.length));
        MqttPublishMessage m = decode(out, MqttVersion.MQTT_5);
        try {
            assertThat(m.decoderResult().isSuccess()).isTrue();
            assertThat(m.variableHeader().topicName()).isEqualTo("tö/pic");
            assertThat(m.variableHeader().packetId()).isEqualTo(513);
            assertThat(m.fixedHeader().isDup()).isTrue();
            assertThat(m.fixedHeader().isRetain()).isTrue();
            MqttProperties p = m.variableHeader().properties();
            assertThat(p.getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL).value()).isEqualTo(42);
            assertThat(p.getProperty(MqttProperties.TOPIC_ALIAS).value()).isEqualTo(7);
            assertThat(p.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER).value()).isEqualTo(300);
            assertThat(p.getProperty(MqttProperties.CONTENT_TYPE).value()).isEqualTo("text/plain");
            assertThat(p.getProperties(MqttProperties.USER_PROPERTY)).hasSize(2);
            assertThat(ByteBufUtil.getBytes(m.content())).isEqualTo(payload);
        } finally {
            m.release();
        }
    }

    @Test
    void publish_v311_qos0_hasNoPacketIdOrProperties() {
        ByteBuf out = Unpooled.buffer();
        PacketWriter.writePublishHeader(out, "a", 1, 0, false, false, 0, false, MessageProperties.NONE, -1, 0, 0, 0, 2);
        out.writeBytes(new byte[] {1, 2});
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("300500016101" + "02");
        out.release();
    }

    @Test
    void acks_shortFormWithoutReason_longFormWithReasonString() {
        ByteBuf out = Unpooled.buffer();
        PacketWriter.writeAck(out, 4, 258, true, 0, null);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("40020102");
        out.clear();
        PacketWriter.writeAck(out, 6, 1, false, 0, null);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("62020001");
        out.clear();
        PacketWriter.writeAck(out, 4, 1, true, 0x87, "no");
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("4009" + "0001" + "87" + "05" + "1f" + "0002" + "6e6f");
        out.release();
    }

    @Test
    void varInt_boundaries() {
        for (int v : new int[] {0, 127, 128, 16383, 16384, 2097151, 2097152, 268435455}) {
            ByteBuf b = Unpooled.buffer();
            PacketWriter.writeVarInt(b, v);
            assertThat(b.readableBytes()).isEqualTo(PacketWriter.varIntSize(v));
            b.release();
        }
    }
}
