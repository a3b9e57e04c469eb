package io.osprey.bridge.core.rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.event.HookPoint;
import io.osprey.bridge.core.event.Template;

/**
 * Reads EMQX-style rules, {@code hook.<point>.<n> = {"filter": …, …}}: one JSON object per key. The parts every
 * bridge shares are here (the JSON, the fields allowed, the {@code filter}, templates); each bridge reads its own
 * fields through {@link Fields}. A bad rule is reported through the reader (file, line, key, what is expected) and
 * left out.
 */
public final class RuleJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleJson() {
    }

    /** Makes one bridge rule from its checked fields; returns {@code null} after reporting an error. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Fields fields);
    }

    /**
     * Every rule of every point, in point order and then in the numeric order of the keys.
     *
     * @param allowed the fields a rule may have besides {@code filter}
     * @param example a rule as it should look, for error messages
     */
    public static <T> List<T> read(ConfigReader r, List<String> allowed, String example, Parser<T> parser) {
        List<T> rules = new ArrayList<>();
        for (HookPoint point : HookPoint.values()) {
            for (Map.Entry<String, String> e : r.group(point.configPrefix()).entrySet()) {
                if (e.getKey().equals("on_timeout")) {
                    continue;
                }
                String id = point.configPrefix() + e.getKey();
                Fields f = fields(r, id, point, e.getValue(), allowed, example);
                T rule = f == null ? null : parser.parse(f);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return rules;
    }

    private static Fields fields(ConfigReader r, String id, HookPoint point, String text, List<String> allowed,
                                 String example) {
        String expected = "a JSON object such as " + example;
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            r.error(id, text, expected + " (" + e.getOriginalMessage() + ")");
            return null;
        }
        if (node == null || !node.isObject()) {
            r.error(id, text, expected);
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("filter") && !allowed.contains(name)) {
                r.error(id, text, "only the fields filter, " + String.join(", ", allowed) + "; not \"" + name + "\"");
                return null;
            }
        }
        EventFilter filter = null;
        JsonNode f = node.get("filter");
        String filterText = f == null || f.isNull() ? null : f.asText();
        if (point.filtered()) {
            try {
                filter = EventFilter.parse(filterText == null ? "#" : filterText);
            } catch (IllegalArgumentException e) {
                r.error(id, text, "a valid MQTT topic filter: " + e.getMessage());
                return null;
            }
        } else if (filterText != null) {
            r.error(id, text, point.key() + " events have no topic, so no \"filter\"");
            return null;
        }
        return new Fields(r, id, point, text, node, filter);
    }

    /** One rule's JSON, checked for unknown fields and with its filter read. */
    public static final class Fields {
        private final ConfigReader reader;
        private final String id;
        private final HookPoint point;
        private final String text;
        private final JsonNode node;
        private final EventFilter filter;

        Fields(ConfigReader reader, String id, HookPoint point, String text, JsonNode node, EventFilter filter) {
            this.reader = reader;
            this.id = id;
            this.point = point;
            this.text = text;
            this.node = node;
            this.filter = filter;
        }

        /** The configuration key, e.g. {@code hook.message.publish.1}. */
        public String id() {
            return id;
        }

        public HookPoint point() {
            return point;
        }

        /** The filter ({@code #} when not given), or {@code null} for points without a topic. */
        public EventFilter filter() {
            return filter;
        }

        /** A field as text, or {@code null} when absent or JSON null. */
        public String text(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }

        /** A boolean field, {@code def} when absent; a value that is not a boolean is reported. */
        public Boolean bool(String field, boolean def) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return def;
            }
            if (!v.isBoolean()) {
                error("\"" + field + "\": true or false, not " + v);
                return null;
            }
            return v.booleanValue();
        }

        /**
         * A template field ({@code ${clientid}} …): {@code def} when absent (which may be {@code null}); reported and
         * {@code null} when empty or with unknown placeholders.
         */
        public Template template(String field, String def, String what) {
            String t = text(field);
            if (t == null) {
                return def == null ? null : Template.parse(def);
            }
            if (t.isEmpty()) {
                error("a non-empty \"" + field + "\" (" + what + ")");
                return null;
            }
            try {
                return Template.parse(t);
            } catch (IllegalArgumentException e) {
                error("\"" + field + "\" with known placeholders: " + e.getMessage());
                return null;
            }
        }

        /** Reports this rule as bad: the key, its text, and {@code expected}. */
        public void error(String expected) {
            reader.error(id, text, expected);
        }
    }
}
