package io.osprey.broker.channel;

import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.util.collection.IntObjectHashMap;
import io.osprey.api.Message;
import io.osprey.api.MessageProperties;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.DropReason;
import io.osprey.api.hook.PublishResult;
import io.osprey.broker.acl.ReservedTopics;
import io.osprey.broker.codec.Properties5;
import io.osprey.broker.codec.PublishPacket;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.router.Topics;
import io.osprey.broker.session.DurableBarrier;

/**
 * PUBLISH from a client, and the acknowledgement packets of both directions.
 * <p>
 * Inbound steps: check the packet (topic, alias, QoS, retain, QoS 2 duplicate); ACL; {@code message.publish} hooks;
 * retain and route; acknowledge (PUBACK for QoS 1, PUBREC for QoS 2 — sent after routing, so a message is never
 * acknowledged before the broker has it). QoS 2 uses "method B": the message is routed at PUBLISH and its packet id
 * kept until PUBREL, so a resent PUBLISH with the same id is not routed twice [MQTT-4.3.3-9].
 */
final class PublishFlow {

    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBCOMP = 7;

    private PublishFlow() {
    }

    static void publish(MqttConnection c, PublishPacket m) {
        if (c.messageRate != null) {
            long wait = c.messageRate.acquire();
            if (wait > 0) {
                // over messages_rate: handle this one, then read nothing more until the rate allows
                c.suspend();
                c.eventLoop().schedule(c::resume, wait, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
        c.metrics.inc(Metric.PACKETS_PUBLISH_RECEIVED);
        BrokerSettings s = c.settings;
        int qos = m.qos();
        int packetId = m.packetId();
        boolean retain = m.isRetain();
        boolean v5 = c.protocolVersion >= 5;
        String topic = m.topic();
        MqttProperties props = v5 ? m.properties() : null;

        if (v5) {
            if (props.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER) != null) {
                c.protocolError("a client must not send a Subscription Identifier"); // [MQTT-3.3.4-6]
                return;
            }
            Integer alias = Properties5.integer(props, MqttProperties.TOPIC_ALIAS);
            if (alias != null) {
                if (alias == 0 || alias > s.maxTopicAlias()) {
                    c.close(ShutdownReason.PROTOCOL_ERROR, 0x94, "topic alias " + alias + " out of range");
                    return;
                }
                if (c.inboundAliases == null) {
                    c.inboundAliases = new IntObjectHashMap<>();
                }
                if (topic.isEmpty()) {
                    topic = c.inboundAliases.get(alias);
                    if (topic == null) {
                        c.protocolError("unknown topic alias " + alias);
                        return;
                    }
                } else {
                    c.inboundAliases.put(alias, topic);
                }
            }
        }
        if (!Topics.isValidName(topic)) {
            c.close(ShutdownReason.PROTOCOL_ERROR, 0x90, "invalid topic name in PUBLISH");
            return;
        }
        String reserved = ReservedTopics.publishRefusal(topic, c.bridge);
        if (reserved != null) {
            refuse(c, qos, packetId, 0x87, reserved, null);
            return;
        }
        if (qos > s.maxQosAllowed()) {
            c.close(ShutdownReason.PROTOCOL_ERROR, 0x9B, "QoS " + qos + " above max_qos_allowed");
            return;
        }
        if (retain && !s.retainAvailable()) {
            if (v5) {
                c.close(ShutdownReason.PROTOCOL_ERROR, 0x9A, "retain is not available");
                return;
            }
            retain = false;
        }
        c.metrics.inc(Metric.MESSAGES_RECEIVED);
        c.metrics.inc(qos == 0 ? Metric.MESSAGES_QOS0_RECEIVED : qos == 1 ? Metric.MESSAGES_QOS1_RECEIVED
                : Metric.MESSAGES_QOS2_RECEIVED);
        if (s.maxTopicLevels() > 0 && Topics.levels(topic) > s.maxTopicLevels()) {
            refuse(c, qos, packetId, 0x90, "topic has more than max_topic_levels levels", DropReason.ACL_DENIED);
            return;
        }
        if (qos == 2) {
            if (c.session.isAwaitingRel(packetId)) {
                // a resent QoS 2 PUBLISH: acknowledge again, do not route twice [MQTT-4.3.3-9]
                c.writeAck(PUBREC, packetId, 0, null);
                c.metrics.inc(Metric.PACKETS_PUBREC_SENT);
                return;
            }
            c.session.expireAwaitingRel(System.currentTimeMillis());
            if (c.session.awaitingRelCount() >= s.receiveMaximum()) {
                c.metrics.inc(Metric.MESSAGES_DROPPED_AWAITING_REL_FULL);
                if (v5) {
                    c.close(ShutdownReason.PROTOCOL_ERROR, 0x93, "receive maximum exceeded");
                }
                return;
            }
        }
        MessageProperties mp = v5 ? Properties5.messageProperties(props) : MessageProperties.NONE;
        byte[] payload = m.payload();
        if (mp.payloadFormatIndicator() != null && mp.payloadFormatIndicator() == 1
                && !ByteBufUtil.isText(Unpooled.wrappedBuffer(payload), java.nio.charset.StandardCharsets.UTF_8)) {
            refuse(c, qos, packetId, 0x99, "payload is not UTF-8 although the format indicator says so", null);
            return;
        }
        Message message = Message.builder(topic).id(c.broker.nextMessageId()).payload(payload).qos(qos)
                .retain(retain).from(c.clientId, c.username).properties(mp).build();
        checkAcl(c, message, qos, packetId);
    }

    private static void checkAcl(MqttConnection c, Message message, int qos, int packetId) {
        Boolean quick = AclCheck.quick(c, AclAction.PUBLISH, message.topic());
        if (quick != null) {
            afterAcl(c, message, qos, packetId, quick);
            return;
        }
        CompletableFuture<Boolean> allowed = AclCheck.ask(c, AclAction.PUBLISH, message.topic());
        ConnectFlow.await(c, allowed, ok -> afterAcl(c, message, qos, packetId, ok));
    }

    private static void afterAcl(MqttConnection c, Message message, int qos, int packetId, boolean allowed) {
        if (!allowed) {
            c.metrics.inc(Metric.PACKETS_PUBLISH_AUTH_ERROR);
            c.metrics.inc(Metric.MESSAGES_DROPPED_ACL_DENIED);
            if (c.settings.aclDenyDisconnect()) {
                c.close(ShutdownReason.NOT_AUTHORIZED, 0x87, "not authorized to publish to " + message.topic());
                return;
            }
            refuse(c, qos, packetId, 0x87, "not authorized to publish to " + message.topic(), null);
            if (!c.broker.hooks().messageDropped.isEmpty()) {
                c.broker.hooks().messageDropped(message, DropReason.ACL_DENIED, c);
            }
            return;
        }
        if (c.broker.hooks().messagePublish.isEmpty()) {
            route(c, message, qos, packetId);
            return;
        }
        CompletableFuture<PublishResult> result = c.broker.hooks().messagePublish(c, message, c.eventLoop());
        ConnectFlow.await(c, result, r -> {
            switch (r.action()) {
                case CONTINUE -> route(c, r.message() != null ? r.message() : message, qos, packetId);
                case STOP -> {
                    c.metrics.inc(Metric.MESSAGES_DROPPED_HOOK_STOPPED);
                    ack(c, qos, packetId, 0);
                }
                case FAIL -> {
                    c.metrics.inc(Metric.PACKETS_PUBLISH_ERROR);
                    if (c.protocolVersion >= 5) {
                        ack(c, qos, packetId, r.reasonCode());
                    }
                    // 3.1.x: no acknowledgement, so the client sends the message again
                }
            }
        });
    }

    private static void route(MqttConnection c, Message message, int qos, int packetId) {
        io.osprey.broker.store.Store store = c.broker.store();
        if (qos == 0 || !store.isDurable()) {
            int deliveries = c.broker.dispatcher().dispatch(message, c.clientId, c.bridge);
            // MQTT 5: 0x10 No matching subscribers tells the publisher nobody got it
            ack(c, qos, packetId, deliveries == 0 && c.protocolVersion >= 5 ? 0x10 : 0);
            return;
        }
        // the acknowledgement waits until every persistent session that got the message has it on disk
        DurableBarrier barrier = new DurableBarrier(store);
        int deliveries;
        barrier.enter();
        try {
            deliveries = c.broker.dispatcher().dispatch(message, c.clientId, c.bridge);
        } finally {
            barrier.leave();
        }
        if (qos == 2) {
            // known at once, so that a resent PUBLISH is not routed again while the PUBREC waits for the disk
            c.session.addAwaitingRel(packetId);
            if (c.session.isPersistent()) {
                barrier.wrote();
            }
        }
        barrier.seal();
        int reason = deliveries == 0 && c.protocolVersion >= 5 ? 0x10 : 0;
        c.ackWhen(barrier.future(), () -> writeAck(c, qos, packetId, reason), () -> {
            if (qos == 2) {
                c.session.release(packetId);
            }
            if (c.protocolVersion >= 5) {
                writeAck(c, qos, packetId, 0x80); // the store failed: unspecified error, the client may resend
            }
        });
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Acknowledges a PUBLISH, after any acknowledgement still waiting for the store (order is kept). */
    private static void ack(MqttConnection c, int qos, int packetId, int reasonCode) {
        if (c.acksPending()) {
            c.ackWhen(DONE, () -> writeAck(c, qos, packetId, reasonCode), null);
            return;
        }
        writeAck(c, qos, packetId, reasonCode);
    }

    private static void writeAck(MqttConnection c, int qos, int packetId, int reasonCode) {
        if (qos == 1) {
            c.writeAck(PUBACK, packetId, reasonCode, null);
            c.metrics.inc(Metric.PACKETS_PUBACK_SENT);
        } else if (qos == 2) {
            if (reasonCode < 0x80) {
                c.session.addAwaitingRel(packetId);
            }
            c.writeAck(PUBREC, packetId, reasonCode, null);
            c.metrics.inc(Metric.PACKETS_PUBREC_SENT);
        }
    }

    /** A PUBLISH the broker does not accept: MQTT 5 QoS 1/2 get the reason code; others are dropped silently. */
    private static void refuse(MqttConnection c, int qos, int packetId, int reasonCode, String why, DropReason drop) {
        c.metrics.inc(Metric.PACKETS_PUBLISH_DROPPED);
        if (c.protocolVersion >= 5 && qos > 0) {
            if (qos == 1) {
                c.writeAck(PUBACK, packetId, reasonCode, why);
                c.metrics.inc(Metric.PACKETS_PUBACK_SENT);
            } else {
                c.writeAck(PUBREC, packetId, reasonCode, why);
                c.metrics.inc(Metric.PACKETS_PUBREC_SENT);
            }
        } else if (qos == 1) {
            // 3.1.1 has no way to say no: acknowledge so that the client does not resend forever
            c.writeAck(PUBACK, packetId, 0, null);
            c.metrics.inc(Metric.PACKETS_PUBACK_SENT);
        } else if (qos == 2) {
            c.session.addAwaitingRel(packetId);
            c.writeAck(PUBREC, packetId, 0, null);
            c.metrics.inc(Metric.PACKETS_PUBREC_SENT);
        }
    }

    // ---- acknowledgements ----------------------------------------------------------------------------------

    static void puback(MqttConnection c, MqttMessage m) {
        c.metrics.inc(Metric.PACKETS_PUBACK_RECEIVED);
        if (!c.session.onPuback(packetId(m))) {
            c.metrics.inc(Metric.PACKETS_PUBACK_MISSED);
        }
    }

    static void pubrec(MqttConnection c, MqttMessage m) {
        c.metrics.inc(Metric.PACKETS_PUBREC_RECEIVED);
        int id = packetId(m);
        int reason = m.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() & 0xFF : 0;
        if (c.session.onPubrec(id, reason)) {
            if (reason < 0x80) {
                c.sendPubrel(id);
            }
        } else {
            c.metrics.inc(Metric.PACKETS_PUBREC_MISSED);
            c.writeAck(6, id, 0x92, null); // PUBREL: Packet Identifier not found
            c.metrics.inc(Metric.PACKETS_PUBREL_SENT);
        }
    }

    static void pubrel(MqttConnection c, MqttMessage m) {
        c.metrics.inc(Metric.PACKETS_PUBREL_RECEIVED);
        int id = packetId(m);
        if (c.session.release(id)) {
            c.writeAck(PUBCOMP, id, 0, null);
        } else {
            c.metrics.inc(Metric.PACKETS_PUBREL_MISSED);
            c.writeAck(PUBCOMP, id, 0x92, null);
        }
        c.metrics.inc(Metric.PACKETS_PUBCOMP_SENT);
    }

    static void pubcomp(MqttConnection c, MqttMessage m) {
        c.metrics.inc(Metric.PACKETS_PUBCOMP_RECEIVED);
        if (!c.session.onPubcomp(packetId(m))) {
            c.metrics.inc(Metric.PACKETS_PUBCOMP_MISSED);
        }
    }

    private static int packetId(MqttMessage m) {
        Object vh = m.variableHeader();
        if (vh instanceof MqttPubReplyMessageVariableHeader r) {
            return r.messageId();
        }
        return ((MqttMessageIdVariableHeader) vh).messageId();
    }
}
