package io.osprey.plugin.mysql.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.api.config.ConfigReader;
import io.osprey.plugin.mysql.sql.SqlTemplate;

/**
 * Reads the {@code hook.<point>.<n> = {json}} rules, EMQX's syntax:
 * {@code {"topic": "#", "action": {"function": "on_message_publish"}, "pool": "pool1"}} or
 * {@code {"action": {"sql": ["insert into … values (${clientid})"]}}}, and for {@code on_message_fetch} optionally
 * {@code "offline_opts": {"max_returned_count": 500, "time_range": "2h"}}. {@code "pool"} is accepted and ignored
 * (the plugin has one pool). Each bad rule is reported with its key.
 */
final class RuleParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleParser() {
    }

    static List<HookRule> parse(ConfigReader r, int defaultMaxReturned, Duration defaultTimeRange) {
        List<HookRule> rules = new ArrayList<>();
        for (Map.Entry<String, String> e : r.group("hook.").entrySet()) {
            String key = "hook." + e.getKey();
            try {
                rules.add(parseRule(key, e.getKey(), e.getValue(), defaultMaxReturned, defaultTimeRange));
            } catch (IllegalArgumentException ex) {
                r.error(key, e.getValue(), ex.getMessage());
            }
        }
        return rules;
    }

    static HookRule parseRule(String key, String suffix, String json, int defaultMaxReturned,
                              Duration defaultTimeRange) {
        int dot = suffix.lastIndexOf('.');
        String point = dot < 0 ? suffix : suffix.substring(0, dot);
        if (dot < 0 || !suffix.substring(dot + 1).matches("\\d+") || !Points.FUNCTIONS.containsKey(point)) {
            throw new IllegalArgumentException("a key hook.<point>.<n> with a point among "
                    + Points.FUNCTIONS.keySet().stream().sorted().toList());
        }
        JsonNode rule;
        try {
            rule = JSON.readTree(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("a JSON object such as {\"action\": {\"function\": \"...\"}} ("
                    + ex.getOriginalMessage() + ")");
        }
        if (rule == null || !rule.isObject() || !rule.path("action").isObject()) {
            throw new IllegalArgumentException("a JSON object with an \"action\" object");
        }
        String topic = null;
        if (rule.has("topic")) {
            if (!rule.get("topic").isTextual() || rule.get("topic").asText().isEmpty()) {
                throw new IllegalArgumentException("\"topic\" as a topic filter such as \"#\" or \"sensor/+/temp\"");
            }
            topic = rule.get("topic").asText();
            if (topic.equals("#")) {
                topic = null; // every topic: no need to match
            }
        }
        JsonNode action = rule.get("action");
        String function = null;
        List<SqlTemplate> sql = new ArrayList<>();
        if (action.has("function")) {
            function = action.get("function").asText();
            if (!Points.FUNCTIONS.get(point).contains(function)) {
                throw new IllegalArgumentException("a function of " + point + ": one of " + Points.FUNCTIONS.get(point)
                        + ", or an {\"sql\": [...]} action");
            }
        } else if (action.has("sql")) {
            JsonNode s = action.get("sql");
            List<String> texts = new ArrayList<>();
            if (s.isTextual()) {
                texts.add(s.asText());
            } else if (s.isArray()) {
                s.forEach(n -> texts.add(n.asText()));
            }
            if (texts.isEmpty()) {
                throw new IllegalArgumentException("\"sql\" as a statement or a list of statements");
            }
            for (String text : texts) {
                sql.add(SqlTemplate.parse(text, Points.VARS.get(point)));
            }
        } else {
            throw new IllegalArgumentException("an action {\"function\": \"...\"} or {\"sql\": [...]}");
        }
        int maxReturned = defaultMaxReturned;
        Duration timeRange = defaultTimeRange;
        JsonNode opts = rule.path("offline_opts");
        if (opts.isObject()) {
            if (opts.has("max_returned_count")) {
                JsonNode n = opts.get("max_returned_count");
                if (n.isInt() && n.asInt() >= 0) {
                    maxReturned = n.asInt();
                } else if (n.asText().equalsIgnoreCase("infinity")) {
                    maxReturned = 0;
                } else {
                    throw new IllegalArgumentException("offline_opts.max_returned_count as a count or \"infinity\"");
                }
            }
            if (opts.has("time_range")) {
                String t = opts.get("time_range").asText();
                if (t.equalsIgnoreCase("infinity")) {
                    timeRange = Duration.ZERO;
                } else {
                    timeRange = ConfigReader.parseDuration(t);
                    if (timeRange == null) {
                        throw new IllegalArgumentException("offline_opts.time_range as a duration such as \"2h\", "
                                + "or \"infinity\"");
                    }
                }
            }
        }
        if (topic != null && !Points.WITH_TOPIC.contains(point)) {
            throw new IllegalArgumentException("no \"topic\": " + point + " has no topic");
        }
        return new HookRule(key, point, topic, function, sql, maxReturned, timeRange);
    }
}
