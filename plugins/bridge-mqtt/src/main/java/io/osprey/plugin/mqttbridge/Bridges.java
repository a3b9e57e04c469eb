package io.osprey.plugin.mqttbridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.osprey.bridge.core.BridgeStatus;
import io.osprey.bridge.core.StatusView;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The MQTT bridges running now (one per {@code etc/osprey.bridge.mqtt-<name>.cfg}), for {@code ctl bridges} and
 * {@code /api/v4/bridges}: list them, show one, stop and start one's connection.
 */
@Component(service = Bridges.class)
public final class Bridges {

    private final List<BridgeComponent> running = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bind(BridgeComponent b) {
        running.add(b);
    }

    void unbind(BridgeComponent b) {
        running.remove(b);
    }

    /** One row per bridge, by name; disabled ones say so. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BridgeComponent c : running) {
            if (c.bridge() == null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("state", "disabled");
                m.put("address", "");
                m.put("buffered", 0);
                m.put("received", 0);
                out.add(m);
            }
        }
        for (MqttBridge b : sorted()) {
            BridgeStatus s = b.status();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("state", b.linkStopped() ? "stopped" : s.state());
            m.put("address", String.join(",", s.servers()));
            m.put("forwards", b.forwards());
            m.put("subscriptions", s.extra().get("subscriptions"));
            m.put("buffered", s.buffer().records());
            m.put("received", s.extra().get("received"));
            out.add(m);
        }
        out.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        return out;
    }

    /** @throws IllegalArgumentException naming the bridges there are */
    public MqttBridge get(String name) {
        for (MqttBridge b : sorted()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no MQTT bridge " + name + " (running: "
                + String.join(", ", sorted().stream().map(MqttBridge::name).toList())
                + "); a bridge is a file etc/osprey.bridge.mqtt-<name>.cfg");
    }

    public Map<String, Object> status(String name) {
        return StatusView.data(get(name).status());
    }

    public String statusText(String name) {
        MqttBridge b = get(name);
        return b.view().text(b.status());
    }

    private List<MqttBridge> sorted() {
        List<MqttBridge> out = new ArrayList<>();
        for (BridgeComponent c : running) {
            MqttBridge b = c.bridge();
            if (b != null) {
                out.add(b);
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }
}
