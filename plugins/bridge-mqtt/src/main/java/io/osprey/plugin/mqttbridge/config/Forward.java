package io.osprey.plugin.mqttbridge.config;

import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.event.EventBody;
import io.osprey.bridge.core.event.HookPoint;
import io.osprey.bridge.core.event.Template;
import io.osprey.bridge.core.rule.EventFilter;
import io.osprey.bridge.core.rule.Rule;
import io.osprey.plugin.mqttbridge.record.MqttRecord;

/**
 * One entry of {@code forwards}: local messages whose topic matches {@code filter} are published on the remote
 * broker under {@code mountpoint} + their topic (e.g. {@code bridge/${node}/} + {@code sensors/1}), with their QoS
 * and retain flag, or the ones {@code forward_qos} / {@code forward_retain} set.
 *
 * @param id         {@code forward <filter>}; the counters go by it
 * @param mountpoint {@code null} for none; may use {@code ${node}} (and {@code ${clientid}} of the publisher)
 * @param qos        the QoS on the remote side, or -1 to keep the message's
 * @param retain     {@code null} to keep the message's retain flag
 */
public record Forward(String id, EventFilter filter, Template mountpoint, int qos, Boolean retain)
        implements Rule<MqttRecord> {

    @Override
    public HookPoint point() {
        return HookPoint.MESSAGE_PUBLISH;
    }

    @Override
    public boolean matches(BridgeEvent event) {
        return filter.matches(event.topic());
    }

    @Override
    public MqttRecord record(BridgeEvent e, EventBody body) {
        String topic = mountpoint == null ? e.topic() : mountpoint.render(e, body.node()) + e.topic();
        Long expiry = e.properties().messageExpiryInterval();
        long expiresAt = expiry == null ? 0 : e.ts() + expiry * 1000L;
        return new MqttRecord(id, topic, e.payload() == null ? new byte[0] : e.payload(), qos < 0 ? e.qos() : qos,
                retain == null ? e.retain() : retain, expiresAt, e.properties());
    }
}
