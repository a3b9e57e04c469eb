package io.osprey.plugin.kafka.rule;

import java.util.List;

import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.event.Template;
import io.osprey.bridge.core.rule.RuleJson;

/**
 * Reads the rules of {@code etc/osprey.bridge.kafka.cfg}, EMQX's way: {@code hook.<point>.<n> = {"topic": …,
 * "filter": …, "key": …, "strategy": …}}. The JSON, the fields allowed and the filter are read by the bridge core;
 * here the Kafka fields. A bad rule is reported through the reader (file, line, key, what is expected) and left
 * out; the others still apply.
 */
public final class RuleParser {

    private static final List<String> FIELDS = List.of("topic", "key", "strategy", "format");

    private RuleParser() {
    }

    /** Every rule of every point, in point order and then in the numeric order of the keys. */
    public static List<Rule> read(ConfigReader r) {
        return RuleJson.read(r, FIELDS, "{\"filter\": \"#\", \"topic\": \"mqtt_messages\"}", RuleParser::parse);
    }

    private static Rule parse(RuleJson.Fields f) {
        String topic = f.text("topic");
        if (topic == null || topic.isBlank()) {
            f.error("a \"topic\": the Kafka topic to send the records to");
            return null;
        }
        if (!validKafkaTopic(topic)) {
            f.error("a Kafka topic name of up to 249 letters, digits, '.', '_' and '-'; not \"" + topic + "\"");
            return null;
        }
        Template key = null;
        String keyText = f.text("key");
        if (keyText != null) {
            key = f.template("key", null, "for example \"${clientid}\"");
            if (key == null) {
                return null;
            }
        }
        PartitionStrategy strategy = PartitionStrategy.FIRST_KEY_DISPATCH;
        String strategyText = f.text("strategy");
        if (strategyText != null) {
            strategy = PartitionStrategy.byName(strategyText);
            if (strategy == null) {
                f.error("a \"strategy\" of first_key_dispatch, random or roundrobin; not \"" + strategyText + "\"");
                return null;
            }
        }
        String format = f.text("format");
        if (format != null && !format.equalsIgnoreCase("json")) {
            f.error("\"format\": \"json\" (the only format)");
            return null;
        }
        return new Rule(f.id(), f.point(), f.filter(), topic, key, strategy);
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
