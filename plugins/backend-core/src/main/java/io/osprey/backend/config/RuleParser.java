package io.osprey.backend.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.api.config.ConfigReader;

/**
 * Reads the {@code hook.<point>.<n> = {json}} rules, EMQX's syntax:
 * {@code {"topic": "#", "action": {"function": "on_message_publish"}, "pool": "pool1"}} or a raw action such as
 * {@code {"action": {"sql": ["insert into … values (${clientid})"]}}} (the key and the compiling are the backend's,
 * see {@link RawAction}), and for {@code on_message_fetch} optionally
 * {@code "offline_opts": {"max_returned_count": 500, "time_range": "2h"}}. {@code "pool"} is accepted and ignored
 * (a backend has one pool). Each bad rule is reported with its key.
 */
public final class RuleParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleParser() {
    }

    public static <T> List<HookRule<T>> parse(ConfigReader r, int defaultMaxReturned, Duration defaultTimeRange,
                                              RawAction<T> rawAction) {
        List<HookRule<T>> rules = new ArrayList<>();
        for (Map.Entry<String, String> e : r.group("hook.").entrySet()) {
            String key = "hook." + e.getKey();
            try {
                rules.add(parseRule(key, e.getKey(), e.getValue(), defaultMaxReturned, defaultTimeRange, rawAction));
            } catch (IllegalArgumentException ex) {
                r.error(key, e.getValue(), ex.getMessage());
            }
        }
        return rules;
    }

    static <T> HookRule<T> parseRule(String key, String suffix, String json, int defaultMaxReturned,
                                     Duration defaultTimeRange, RawAction<T> rawAction) {
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
        String rawKey = rawAction.key();
        List<T> raw = new ArrayList<>();
        if (action.has("function")) {
            function = Points.canonical(action.get("function").asText());
            if (!Points.FUNCTIONS.get(point).contains(function)) {
                throw new IllegalArgumentException("a function of " + point + ": one of " + Points.FUNCTIONS.get(point)
                        + ", or an {\"" + rawKey + "\": [...]} action");
            }
        } else if (action.has(rawKey)) {
            JsonNode s = action.get(rawKey);
            List<String> texts = new ArrayList<>();
            if (s.isTextual()) {
                texts.add(s.asText());
            } else if (s.isArray()) {
                s.forEach(n -> texts.add(n.asText()));
            }
            if (texts.isEmpty()) {
                throw new IllegalArgumentException("\"" + rawKey + "\" as one text or a list of them");
            }
            for (String text : texts) {
                raw.add(rawAction.compile(text, Points.VARS.get(point)));
            }
        } else {
            throw new IllegalArgumentException("an action {\"function\": \"...\"} or {\"" + rawKey + "\": [...]}");
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
        return new HookRule<>(key, point, topic, function, raw, maxReturned, timeRange);
    }
}
