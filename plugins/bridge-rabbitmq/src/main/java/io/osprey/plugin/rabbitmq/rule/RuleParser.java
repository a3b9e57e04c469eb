package io.osprey.plugin.rabbitmq.rule;

import java.util.List;

import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.event.HookPoint;
import io.osprey.bridge.core.event.Template;
import io.osprey.bridge.core.rule.RuleJson;

/**
 * Reads the rules of {@code etc/osprey.bridge.rabbit.cfg}: {@code hook.<point>.<n> = {"filter": …, "exchange":
 * "topic:mqtt.messages", "routing_key": "${topic}", "topic_separator": ".", "payload": "json" | "raw",
 * "persistent": true}}. The JSON, the fields allowed and the filter are read by the bridge core. A bad rule is
 * reported through the reader (file, line, key, what is expected) and left out; the others still apply.
 */
public final class RuleParser {

    private static final List<String> FIELDS = List.of("exchange", "routing_key", "topic_separator", "payload",
            "persistent");

    private RuleParser() {
    }

    public static List<AmqpRule> read(ConfigReader r) {
        return RuleJson.read(r, FIELDS, "{\"filter\": \"#\", \"exchange\": \"topic:mqtt.messages\", "
                + "\"routing_key\": \"${topic}\"}", RuleParser::parse);
    }

    private static AmqpRule parse(RuleJson.Fields f) {
        String exchangeText = f.text("exchange");
        if (exchangeText == null || exchangeText.isBlank()) {
            f.error("an \"exchange\" such as \"topic:mqtt.messages\" (declared as a topic exchange) or \"amq.topic\"");
            return null;
        }
        Exchange exchange;
        try {
            exchange = Exchange.parse(exchangeText);
        } catch (IllegalArgumentException e) {
            f.error(e.getMessage());
            return null;
        }
        String defaultKey = f.point().filtered() ? "${topic}" : "${clientid}";
        Template key = f.template("routing_key", defaultKey, "for example \"${topic}\"");
        if (key == null) {
            return null;
        }
        String separator = f.text("topic_separator");
        if (separator == null) {
            separator = ".";
        } else if (separator.length() != 1) {
            f.error("\"topic_separator\": one character that / in ${topic} becomes (\".\" or \"/\"); not \""
                    + separator + "\"");
            return null;
        }
        String payload = f.text("payload");
        boolean raw = false;
        if (payload != null && !payload.equals("json")) {
            if (!payload.equals("raw")) {
                f.error("\"payload\": \"json\" (the event in EMQX's JSON) or \"raw\" (the MQTT payload); not \""
                        + payload + "\"");
                return null;
            }
            if (f.point() != HookPoint.MESSAGE_PUBLISH) {
                f.error("\"payload\": \"raw\" only for message.publish rules");
                return null;
            }
            raw = true;
        }
        Boolean persistent = f.bool("persistent", true);
        if (persistent == null) {
            return null;
        }
        return new AmqpRule(f.id(), f.point(), f.filter(), exchange, key, separator, raw, persistent);
    }
}
