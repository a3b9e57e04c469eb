package io.osprey.plugin.mqttbridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.bridge.core.BridgeEngine;
import io.osprey.bridge.core.StatusView;
import io.osprey.bridge.core.send.Link;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.plugin.mqttbridge.client.Inbound;
import io.osprey.plugin.mqttbridge.client.RemoteConnection;
import io.osprey.plugin.mqttbridge.config.MqttBridgeSettings;
import io.osprey.plugin.mqttbridge.record.MqttRecord;
import io.osprey.plugin.mqttbridge.record.MqttRecordCodec;

/**
 * One MQTT bridge, free of OSGi: the bridge core's {@link BridgeEngine} over a {@link RemoteConnection} — local
 * messages matching {@code forwards} go through the disk buffer (or, in sync mode, straight) to the remote broker;
 * messages of the remote subscriptions come in through {@link Inbound}. A message this bridge brought in is never
 * forwarded back by it ({@link #isOwn}), whatever the protocol version.
 */
public final class MqttBridge extends BridgeEngine<MqttRecord, MqttBridgeSettings> {

    private final Inbound inbound;

    /** @throws IOException when the buffer in {@code dataDir/queue} cannot be opened */
    public MqttBridge(MqttBridgeSettings settings, String node, Path dataDir, BridgeCounters counters,
                      Inbound inbound) throws IOException {
        super("MQTT bridge " + settings.name(), "osprey-bridge-mqtt-" + settings.name(), settings, node, dataDir,
                counters, MqttRecordCodec.INSTANCE, (s, queue, c) -> new Link<>(
                        status -> new MqttSink(new RemoteConnection(s.name(), s.connect(), inbound, status)),
                        MqttRecordCodec.INSTANCE, s.mode(), s.syncTimeout(), queue, c, s.connect().maxInflight(),
                        "MQTT bridge " + s.name(), "osprey-bridge-mqtt-" + s.name()));
        this.inbound = inbound;
    }

    /** The marker the local copies of remote messages carry as their publisher. */
    public static String marker(String name) {
        return "$bridge/" + name;
    }

    /** Did this bridge bring {@code m} in? (Only the broker publishes with a {@code null} publisher.) */
    public boolean isOwn(ClientInfo publisher, Message m) {
        return publisher == null && inbound.marker().equals(m.fromClientId());
    }

    public String name() {
        return settings().name();
    }

    public Inbound inbound() {
        return inbound;
    }

    @Override
    protected Map<String, Object> extraStatus() {
        Map<String, Object> m = new LinkedHashMap<>();
        MqttBridgeSettings s = settings();
        m.put("name", s.name());
        m.put("proto_ver", switch (s.connect().protocolLevel()) {
            case 3 -> "mqttv3";
            case 5 -> "mqttv5";
            default -> "mqttv4";
        });
        m.put("clientid", s.connect().clientId());
        m.put("ssl", s.connect().tls().enabled());
        m.put("subscriptions", s.connect().subscriptions().stream().map(x -> x.topic() + " (QoS " + x.qos() + ")")
                .toList());
        m.put("received", inbound.received());
        m.put("published_locally", inbound.published());
        m.put("stopped_by_admin", linkStopped());
        return m;
    }

    /** The view {@code ctl bridges status <name>} prints. */
    StatusView view() {
        return new StatusView("MQTT bridge " + name(), "the remote broker",
                "etc/osprey.bridge.mqtt-" + name() + ".cfg (forwards = …)", "forward");
    }

    /** The forwards, as configured. */
    List<String> forwards() {
        return settings().forwards().stream().map(f -> f.filter().filter()).toList();
    }
}
