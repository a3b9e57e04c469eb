package io.osprey.broker.it.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;

/** A server packet decoded for assertions: type, reason code, properties, and for PUBLISH its parts. */
public record Decoded(String type, int reasonCode, boolean sessionPresent, MqttProperties properties, String topic,
                      String payload, int qos, boolean retain, boolean dup, int packetId, List<Integer> codes) {

    static Decoded of(MqttMessage m) {
        if (m.decoderResult().isFailure()) {
            throw new AssertionError("undecodable server packet: " + m.decoderResult().cause());
        }
        String type = m.fixedHeader().messageType().name();
        Object vh = m.variableHeader();
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        int reason = 0;
        boolean present = false;
        String topic = null;
        String payload = null;
        int id = 0;
        List<Integer> codes = List.of();
        if (m instanceof MqttConnAckMessage c) {
            reason = c.variableHeader().connectReturnCode().byteValue() & 0xFF;
            present = c.variableHeader().isSessionPresent();
            props = c.variableHeader().properties();
        } else if (m instanceof MqttPublishMessage p) {
            topic = p.variableHeader().topicName();
            id = p.variableHeader().packetId();
            props = p.variableHeader().properties();
            payload = new String(ByteBufUtil.getBytes(p.content()), StandardCharsets.UTF_8);
        } else if (m instanceof MqttSubAckMessage s) {
            id = s.variableHeader().messageId();
            codes = new ArrayList<>(s.payload().reasonCodes());
            props = s.idAndPropertiesVariableHeader().properties();
        } else if (m instanceof MqttUnsubAckMessage u) {
            id = u.variableHeader().messageId();
            codes = u.payload() == null ? List.of() : u.payload().unsubscribeReasonCodes().stream()
                    .map(Short::intValue).toList();
        } else if (vh instanceof MqttPubReplyMessageVariableHeader r) {
            id = r.messageId();
            reason = r.reasonCode() & 0xFF;
            props = r.properties();
        } else if (vh instanceof MqttReasonCodeAndPropertiesVariableHeader r) {
            reason = r.reasonCode() & 0xFF;
            props = r.properties();
        } else if (vh instanceof MqttMessageIdAndPropertiesVariableHeader r) {
            id = r.messageId();
            props = r.properties();
        }
        return new Decoded(type, reason, present, props, topic, payload, m.fixedHeader().qosLevel().value(),
                m.fixedHeader().isRetain(), m.fixedHeader().isDup(), id, codes);
    }

    /** An integer property, or {@code null}. */
    public Integer intProp(int id) {
        MqttProperties.MqttProperty<?> p = properties.getProperty(id);
        return p == null ? null : (Integer) p.value();
    }

    public String strProp(int id) {
        MqttProperties.MqttProperty<?> p = properties.getProperty(id);
        return p == null ? null : (String) p.value();
    }

    public List<Integer> subscriptionIds() {
        List<Integer> out = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> p : properties.getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER)) {
            out.add((Integer) p.value());
        }
        return out;
    }

    public List<String> userProperties() {
        List<String> out = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> p : properties.getProperties(MqttProperties.USER_PROPERTY)) {
            MqttProperties.StringPair pair = ((MqttProperties.UserProperty) p).value();
            out.add(pair.key + "=" + pair.value);
        }
        return out;
    }
}
