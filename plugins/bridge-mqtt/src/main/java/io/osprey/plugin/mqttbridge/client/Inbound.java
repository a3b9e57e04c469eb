package io.osprey.plugin.mqttbridge.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.osprey.api.Message;
import io.osprey.api.MessageProperties;
import io.osprey.api.UserProperty;
import io.osprey.api.service.PublishService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages of the remote subscriptions, published into this broker under their topic and QoS, as the broker
 * publishes (the {@code message.publish} hooks run, then routing to local subscribers). The remote gets its PUBACK/PUBREC only once the local publish
 * completed, so a QoS 1/2 message the bridge dropped is sent again by the remote. At most {@code maxInflight}
 * messages are being published at once: beyond that the bridge stops reading from the remote (TCP back-pressure).
 * <p>
 * Each message carries the bridge's marker as its publisher ({@link #marker}), so that the same bridge never
 * forwards it back to where it came from.
 */
public final class Inbound {

    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final PublishService publisher;
    private final String marker;
    private final int maxInflight;
    private final AtomicInteger inflight = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private long failLogAt;

    /** @param marker the publisher id local copies carry, e.g. {@code $bridge/aws} */
    public Inbound(PublishService publisher, String marker, int maxInflight) {
        this.publisher = publisher;
        this.marker = marker;
        this.maxInflight = maxInflight;
    }

    public String marker() {
        return marker;
    }

    /**
     * Publishes one message locally; {@code ack} runs once it is done (to send PUBACK/PUBREC), and {@code resume}
     * when the bridge may read from the remote again after {@link #full} said stop.
     */
    void publish(MqttPublishMessage m, Runnable ack, Runnable resume) {
        received.increment();
        Message local = Message.builder(m.variableHeader().topicName())
                .payload(ByteBufUtil.getBytes(m.payload()))
                .qos(m.fixedHeader().qosLevel().value())
                .retain(m.fixedHeader().isRetain())
                .from(marker, null)
                .properties(properties(m.variableHeader().properties()))
                .build();
        inflight.incrementAndGet();
        publisher.publish(local).whenComplete((n, error) -> {
            int left = inflight.decrementAndGet();
            if (error == null) {
                published.increment();
                ack.run();
            } else {
                failed.increment();
                long now = System.currentTimeMillis();
                if (now - failLogAt > 10_000) {
                    failLogAt = now;
                    LOG.warn("MQTT bridge {}: a message from the remote broker on {} could not be published here "
                            + "({}); the remote sends it again after the next reconnect", marker, local.topic(),
                            error.toString());
                }
            }
            if (left == maxInflight / 2) {
                resume.run();
            }
        });
    }

    /** Too many local publishes under way: stop reading from the remote. */
    boolean full() {
        return inflight.get() >= maxInflight;
    }

    private static MessageProperties properties(MqttProperties p) {
        if (p == null || p.isEmpty()) {
            return MessageProperties.NONE;
        }
        Integer format = intValue(p, MqttProperties.MqttPropertyType.PAYLOAD_FORMAT_INDICATOR);
        Integer expiry = intValue(p, MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL);
        String contentType = stringValue(p, MqttProperties.MqttPropertyType.CONTENT_TYPE);
        String responseTopic = stringValue(p, MqttProperties.MqttPropertyType.RESPONSE_TOPIC);
        byte[] correlation = null;
        MqttProperties.MqttProperty<?> c = p.getProperty(MqttProperties.MqttPropertyType.CORRELATION_DATA.value());
        if (c != null && c.value() instanceof byte[] b) {
            correlation = b;
        }
        List<UserProperty> users = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> u : p.getProperties(MqttProperties.MqttPropertyType.USER_PROPERTY.value())) {
            if (u instanceof MqttProperties.UserProperty up) {
                users.add(new UserProperty(up.value().key, up.value().value));
            } else if (u instanceof MqttProperties.UserProperties ups) {
                for (MqttProperties.StringPair pair : ups.value()) {
                    users.add(new UserProperty(pair.key, pair.value));
                }
            }
        }
        return new MessageProperties(format, expiry == null ? null : Integer.toUnsignedLong(expiry), contentType,
                responseTopic, correlation, users);
    }

    private static Integer intValue(MqttProperties p, MqttProperties.MqttPropertyType type) {
        MqttProperties.MqttProperty<?> v = p.getProperty(type.value());
        return v != null && v.value() instanceof Integer i ? i : null;
    }

    private static String stringValue(MqttProperties p, MqttProperties.MqttPropertyType type) {
        MqttProperties.MqttProperty<?> v = p.getProperty(type.value());
        return v != null && v.value() instanceof String s ? s : null;
    }

    /** Messages that arrived from the remote broker. */
    public long received() {
        return received.sum();
    }

    /** Of those, published here. */
    public long published() {
        return published.sum();
    }

    /** Of those, refused here (a hook failed them; the remote sends QoS 1/2 ones again after a reconnect). */
    public long failed() {
        return failed.sum();
    }
}
