package io.osprey.plugin.kafka.rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.api.config.ConfigReader;

/**
 * Reads the rules of every hook point from EMQX-style grouped keys, whose values are JSON objects:
 * <pre>
 * hook.client.connected.1  = {"topic": "client_connected"}
 * hook.message.publish.1   = {"filter": "sensors/#", "topic": "sensors", "key": "${clientid}", "strategy": "first_key_dispatch"}
 * </pre>
 * Fields: {@code topic} (the Kafka topic, required), {@code filter} (an MQTT topic filter, default {@code #}; points
 * without a topic take none), {@code key} (a {@link KeyTemplate}), {@code strategy} (a {@link PartitionStrategy},
 * default {@code first_key_dispatch}) and {@code format} (only {@code json}, accepted for EMQX files). A bad rule is
 * reported through the {@link ConfigReader} with its key and what was expected.
 * <p>
 * Placeholders are written {@code ${clientid}} as in EMQX ({@link ConfigReader} keeps them literally although the
 * file loader would substitute them); an empty key is refused.
 */
public final class RuleParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("topic", "filter", "key", "strategy", "format");
    private static final String EXPECTED = "a JSON object such as {\"filter\": \"#\", \"topic\": \"mqtt_messages\"}";

    private RuleParser() {
    }

    /** Every rule of every point, in point order and then in the numeric order of the keys. */
    public static List<Rule> read(ConfigReader r) {
        List<Rule> rules = new ArrayList<>();
        for (HookPoint point : HookPoint.values()) {
            for (Map.Entry<String, String> e : r.group(point.configPrefix()).entrySet()) {
                if (e.getKey().equals("on_timeout")) {
                    continue;
                }
                String id = point.configPrefix() + e.getKey();
                Rule rule = parse(r, id, point, e.getValue());
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return rules;
    }

    private static Rule parse(ConfigReader r, String id, HookPoint point, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            r.error(id, text, EXPECTED + " (" + e.getOriginalMessage() + ")");
            return null;
        }
        if (node == null || !node.isObject()) {
            r.error(id, text, EXPECTED);
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                r.error(id, text, "only the fields topic, filter, key, strategy and format; not \"" + name + "\"");
                return null;
            }
        }
        String topic = text(node, "topic");
        if (topic == null || topic.isBlank()) {
            r.error(id, text, "a \"topic\": the Kafka topic to send the records to");
            return null;
        }
        if (!validKafkaTopic(topic)) {
            r.error(id, text, "a Kafka topic name of up to 249 letters, digits, '.', '_' and '-'; not \"" + topic + "\"");
            return null;
        }
        TopicFilter filter = null;
        String filterText = text(node, "filter");
        if (point.filtered()) {
            try {
                filter = TopicFilter.parse(filterText == null ? "#" : filterText);
            } catch (IllegalArgumentException e) {
                r.error(id, text, "a valid MQTT topic filter: " + e.getMessage());
                return null;
            }
        } else if (filterText != null) {
            r.error(id, text, point.key() + " events have no topic, so no \"filter\"");
            return null;
        }
        KeyTemplate key = null;
        String keyText = text(node, "key");
        if (keyText != null && keyText.isEmpty()) {
            r.error(id, text, "a non-empty \"key\" (for example \"${clientid}\")");
            return null;
        }
        if (keyText != null) {
            try {
                key = KeyTemplate.parse(keyText);
            } catch (IllegalArgumentException e) {
                r.error(id, text, "a key with known placeholders: " + e.getMessage());
                return null;
            }
        }
        PartitionStrategy strategy = PartitionStrategy.FIRST_KEY_DISPATCH;
        String strategyText = text(node, "strategy");
        if (strategyText != null) {
            strategy = PartitionStrategy.byName(strategyText);
            if (strategy == null) {
                r.error(id, text, "a \"strategy\" of first_key_dispatch, random or roundrobin; not \""
                        + strategyText + "\"");
                return null;
            }
        }
        String format = text(node, "format");
        if (format != null && !format.equalsIgnoreCase("json")) {
            r.error(id, text, "\"format\": \"json\" (the only format)");
            return null;
        }
        return new Rule(id, point, filter, topic, key, strategy);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Kafka's own rule for topic names. */
    static boolean validKafkaTopic(String t) {
        if (t.length() > 249 || t.equals(".") || t.equals("..")) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
