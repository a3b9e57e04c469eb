package io.osprey.broker.codec;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.osprey.api.Message;

/** One-line descriptions of packets for trace files, e.g. {@code PUBLISH(topic=a/b, qos=1, id=7, payload=hi)}. */
public final class PacketText {

    private static final int MAX_PAYLOAD = 256;

    private PacketText() {
    }

    public static String describe(MqttMessage m, boolean withPayload) {
        if (m.decoderResult().isFailure()) {
            return "MALFORMED(" + m.decoderResult().cause().getMessage() + ")";
        }
        String type = m.fixedHeader().messageType().name();
        if (m instanceof MqttConnectMessage c) {
            return "CONNECT(clientid=" + c.payload().clientIdentifier() + ", proto=" + c.variableHeader().version()
                    + ", clean=" + c.variableHeader().isCleanSession() + ", keepalive="
                    + c.variableHeader().keepAliveTimeSeconds() + ", username=" + c.payload().userName()
                    + (c.variableHeader().isWillFlag() ? ", will=" + c.payload().willTopic() : "") + ")";
        }
        if (m instanceof PublishPacket p) {
            return "PUBLISH(topic=" + p.topic() + ", qos=" + p.qos() + ", retain=" + p.isRetain() + ", dup="
                    + p.isDup() + (p.packetId() > 0 ? ", id=" + p.packetId() : "")
                    + (withPayload ? ", payload=" + payload(p.payload()) : ", bytes=" + p.payload().length) + ")";
        }
        if (m instanceof MqttSubscribeMessage s) {
            StringBuilder b = new StringBuilder("SUBSCRIBE(id=" + s.idAndPropertiesVariableHeader().messageId());
            for (MqttTopicSubscription t : s.payload().topicSubscriptions()) {
                b.append(", ").append(t.topicName()).append(":q").append(t.qualityOfService().value());
            }
            return b.append(")").toString();
        }
        if (m instanceof MqttUnsubscribeMessage u) {
            return "UNSUBSCRIBE(id=" + u.idAndPropertiesVariableHeader().messageId() + ", " + u.payload().topics()
                    + ")";
        }
        if (m instanceof MqttSubAckMessage s) {
            return "SUBACK(id=" + s.variableHeader().messageId() + ", " + s.payload().reasonCodes() + ")";
        }
        Object vh = m.variableHeader();
        if (vh instanceof MqttPubReplyMessageVariableHeader r) {
            return type + "(id=" + r.messageId() + (r.reasonCode() != 0 ? ", rc=0x"
                    + Integer.toHexString(r.reasonCode() & 0xFF) : "") + ")";
        }
        if (vh instanceof MqttMessageIdVariableHeader r) {
            return type + "(id=" + r.messageId() + ")";
        }
        if (vh instanceof MqttReasonCodeAndPropertiesVariableHeader r) {
            return type + "(rc=0x" + Integer.toHexString(r.reasonCode() & 0xFF) + ")";
        }
        if (vh instanceof io.netty.handler.codec.mqtt.MqttConnAckVariableHeader a) {
            return "CONNACK(rc=0x" + Integer.toHexString(a.connectReturnCode().byteValue() & 0xFF) + ", sp="
                    + a.isSessionPresent() + ")";
        }
        return type;
    }

    public static String publish(Message m, int qos, int packetId, boolean dup, boolean retain, boolean withPayload) {
        return "PUBLISH(topic=" + m.topic() + ", qos=" + qos + ", retain=" + retain + ", dup=" + dup
                + (packetId > 0 ? ", id=" + packetId : "")
                + (withPayload ? ", payload=" + payload(m.payload()) : ", bytes=" + m.payload().length) + ")";
    }

    public static String payload(byte[] b) {
        return text(b.length > MAX_PAYLOAD ? java.util.Arrays.copyOf(b, MAX_PAYLOAD) : b, b.length);
    }

    private static String text(byte[] bytes, int total) {
        String s = new String(bytes, StandardCharsets.UTF_8); // the trace escapes control characters
        return s + (total > bytes.length ? "…(" + total + " bytes)" : "");
    }
}
