package io.osprey.plugin.mqttbridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.osprey.api.Topic;
import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.BridgeConfig;
import io.osprey.bridge.core.buffer.BufferSettings;
import io.osprey.bridge.core.event.PayloadEncoding;
import io.osprey.bridge.core.event.Template;
import io.osprey.bridge.core.rule.EventFilter;
import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.bridge.core.send.ProduceSettings;
import io.osprey.plugin.mqttbridge.record.MqttRecord;

/**
 * One immutable snapshot of {@code etc/osprey.bridge.mqtt-<name>.cfg}. Bad values are reported through the reader
 * (file, line, key, value, expectation) and read as their defaults.
 *
 * @param name the bridge's name: the part of the file name after {@code bridge.mqtt-}
 */
public record MqttBridgeSettings(String name, ProduceMode mode, Duration syncTimeout, ConnectSettings connect,
                                 List<Forward> forwards, BufferSettings buffer)
        implements BridgeConfig<MqttRecord, MqttBridgeSettings> {

    /** The factory PID: {@code etc/osprey.bridge.mqtt-<name>.cfg}. */
    public static final String FACTORY_PID = "osprey.bridge.mqtt";

    /** @param home the node's home folder, against which relative certificate paths are resolved */
    public static MqttBridgeSettings read(ConfigReader r, Path home) {
        String name = r.name().startsWith("bridge.mqtt-") ? r.name().substring("bridge.mqtt-".length()) : r.name();
        ProduceSettings produce = ProduceSettings.read(r);
        ConnectSettings connect = ConnectSettings.read(r, home, name);
        BufferSettings buffer = BufferSettings.read(r, "queue.max_total_size", "queue.seg_bytes", "queue.overflow");
        return new MqttBridgeSettings(name, produce.mode(), produce.syncTimeout(), connect, forwards(r), buffer);
    }

    private static List<Forward> forwards(ConfigReader r) {
        Template mountpoint = null;
        String mp = r.string("mountpoint", "");
        if (!mp.isEmpty()) {
            try {
                mountpoint = Template.parse(mp);
                if (mp.contains("+") || mp.contains("#")) {
                    throw new IllegalArgumentException("no wildcards");
                }
            } catch (IllegalArgumentException e) {
                r.error("mountpoint", mp, "a topic prefix such as bridge/${node}/ (" + e.getMessage() + ")");
                mountpoint = null;
            }
        }
        String q = r.oneOf("forward_qos", "keep", "keep", "0", "1", "2");
        int qos = q.equals("keep") ? -1 : Integer.parseInt(q);
        String rt = r.oneOf("forward_retain", "keep", "keep", "true", "false");
        Boolean retain = rt.equals("keep") ? null : Boolean.valueOf(rt);
        List<Forward> out = new ArrayList<>();
        for (String f : r.list("forwards", "")) {
            if (!Topic.isValidFilter(f) || f.startsWith("$share/")) {
                r.error("forwards", String.join(",", r.list("forwards", "")), "local MQTT topic filters separated by "
                        + "commas, such as sensors/#,alarms/+; not " + f);
                continue;
            }
            out.add(new Forward("forward " + f, EventFilter.parse(f), mountpoint, qos, retain));
        }
        return List.copyOf(out);
    }

    @Override
    public PayloadEncoding payloadEncoding() {
        return PayloadEncoding.BASE64; // messages are forwarded as they are, never as JSON
    }

    @Override
    public List<Forward> rules() {
        return forwards;
    }

    @Override
    public List<String> servers() {
        return List.of(connect.address());
    }

    @Override
    public boolean needsReconnect(MqttBridgeSettings next) {
        return mode != next.mode || !syncTimeout.equals(next.syncTimeout) || !connect.equals(next.connect);
    }
}
