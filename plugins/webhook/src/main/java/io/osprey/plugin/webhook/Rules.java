package io.osprey.plugin.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.api.config.ConfigReader;

/**
 * Which events are posted: the {@code rule.<hook>.<n>} keys, in EMQX's shape, e.g.
 * {@code rule.message.publish.1 = {"action": "on_message_publish", "topic": "sensors/#"}}. An event is posted once
 * when any of its rules matches; a rule without {@code topic} matches every event of its hook. Immutable.
 */
final class Rules {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per event type (by ordinal): {@code null} no rule; empty: every event; otherwise the topic filters. */
    private final List<String>[] filters;

    private Rules(List<String>[] filters) {
        this.filters = filters;
    }

    static final Rules NONE = new Rules(emptyTable());

    /** Every event, no topic filter: what the shipped configuration sets up. */
    static Rules all() {
        List<String>[] t = emptyTable();
        for (EventType e : EventType.values()) {
            t[e.ordinal()] = List.of();
        }
        return new Rules(t);
    }

    /** Reads the {@code rule.} keys; bad rules are reported to {@code r} and left out. */
    static Rules read(ConfigReader r) {
        List<String>[] t = emptyTable();
        for (Map.Entry<String, String> e : r.group("rule.").entrySet()) {
            String key = "rule." + e.getKey();
            String value = e.getValue();
            int dot = e.getKey().lastIndexOf('.');
            EventType type = dot < 0 ? null : EventType.ofHook(e.getKey().substring(0, dot));
            if (type == null || !e.getKey().substring(dot + 1).matches("\\d+")) {
                r.error(key, value, "a key rule.<hook>.<n> with a hook among " + hooks());
                continue;
            }
            String expected = "{\"action\": \"" + type.ruleAction() + "\"" + (type.hasTopic()
                    ? "} or {\"action\": \"" + type.ruleAction() + "\", \"topic\": \"<topic filter>\"}" : "}");
            JsonNode rule;
            try {
                rule = JSON.readTree(value);
            } catch (Exception ex) {
                rule = null;
            }
            if (rule == null || !rule.isObject() || !type.ruleAction().equals(rule.path("action").asText(null))) {
                r.error(key, value, expected);
                continue;
            }
            JsonNode topic = rule.get("topic");
            if (topic == null || topic.isNull()) {
                t[type.ordinal()] = List.of();
                continue;
            }
            if (!type.hasTopic() || !topic.isTextual() || !validFilter(topic.asText())) {
                r.error(key, value, type.hasTopic() ? expected + " with a valid topic filter" : expected
                        + " (events of " + type.hook() + " have no topic)");
                continue;
            }
            List<String> current = t[type.ordinal()];
            if (current == null) {
                t[type.ordinal()] = new ArrayList<>(List.of(topic.asText()));
            } else if (!current.isEmpty()) {
                current.add(topic.asText());
            }
        }
        for (int i = 0; i < t.length; i++) {
            if (t[i] != null) {
                t[i] = List.copyOf(t[i]);
            }
        }
        return new Rules(t);
    }

    /** Whether any rule posts events of {@code type}. */
    boolean on(EventType type) {
        return filters[type.ordinal()] != null;
    }

    /** Whether an event of {@code type} about {@code topic} is posted. */
    boolean matches(EventType type, String topic) {
        List<String> f = filters[type.ordinal()];
        if (f == null) {
            return false;
        }
        if (f.isEmpty()) {
            return true;
        }
        for (String filter : f) {
            if (io.osprey.api.Topic.matches(filter, topic)) {
                return true;
            }
        }
        return false;
    }

    /** The hooks with rules, e.g. {@code [client.connected, message.publish (t/#)]}. */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        for (EventType e : EventType.values()) {
            List<String> f = filters[e.ordinal()];
            if (f != null) {
                out.add(f.isEmpty() ? e.hook() : e.hook() + " " + f);
            }
        }
        return out;
    }

    private static boolean validFilter(String f) {
        if (f.isEmpty()) {
            return false;
        }
        String[] levels = f.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (l.contains("+") && !l.equals("+")) {
                return false;
            }
        }
        return true;
    }

    private static String hooks() {
        List<String> names = new ArrayList<>();
        for (EventType e : EventType.values()) {
            names.add(e.hook());
        }
        return String.join(", ", names);
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] emptyTable() {
        return (List<String>[]) new List<?>[EventType.values().length];
    }
}
