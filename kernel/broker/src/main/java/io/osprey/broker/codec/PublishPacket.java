package io.osprey.broker.codec;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * A PUBLISH from a client, as {@link MqttFrameDecoder} hands it on: the fields the broker reads and the payload,
 * already copied out of the socket buffer into the array the message keeps.
 *
 * <p>Why not Netty's {@code MqttPublishMessage}: with its two headers and a retained slice of the payload it took four
 * objects per message besides the payload copy the broker needs anyway, and the slice pinned the socket's pooled
 * buffer until the message was handled. This is one object, holds no buffer, and needs no release.
 */
public final class PublishPacket extends MqttMessage {

    /** One fixed header per QoS, DUP and RETAIN; the remaining length is not kept (nobody reads it). */
    private static final MqttFixedHeader[] HEADERS = new MqttFixedHeader[12];

    static {
        for (int qos = 0; qos < 3; qos++) {
            for (int dup = 0; dup < 2; dup++) {
                for (int retain = 0; retain < 2; retain++) {
                    HEADERS[qos * 4 + dup * 2 + retain] = new MqttFixedHeader(MqttMessageType.PUBLISH, dup == 1,
                            MqttQoS.valueOf(qos), retain == 1, 0);
                }
            }
        }
    }

    private final String topic;
    private final int packetId;
    private final MqttProperties properties;
    private final byte[] payload;

    /**
     * @param packetId   0 for QoS 0
     * @param properties MQTT 5 properties, {@link MqttProperties#NO_PROPERTIES} for 3.1.x
     */
    public PublishPacket(String topic, int qos, boolean dup, boolean retain, int packetId,
                         MqttProperties properties, byte[] payload) {
        super(HEADERS[qos * 4 + (dup ? 2 : 0) + (retain ? 1 : 0)]);
        this.topic = topic;
        this.packetId = packetId;
        this.properties = properties;
        this.payload = payload;
    }

    public String topic() {
        return topic;
    }

    public int qos() {
        return fixedHeader().qosLevel().value();
    }

    public boolean isDup() {
        return fixedHeader().isDup();
    }

    public boolean isRetain() {
        return fixedHeader().isRetain();
    }

    /** The packet identifier, 0 for QoS 0. */
    public int packetId() {
        return packetId;
    }

    public MqttProperties properties() {
        return properties;
    }

    /** The application message; owned by this packet, handed on to the broker's message without a copy. */
    public byte[] payload() {
        return payload;
    }
}
