package io.osprey.backend.config;

import java.time.Duration;
import java.util.List;

import io.osprey.backend.Topics;

/**
 * One {@code hook.<point>.<n>} line: at this hook point, for messages or subscriptions matching {@code topic}, run a
 * built-in function or the admin's own statements (SQL) or commands (Redis).
 *
 * @param key              the configuration key, e.g. {@code hook.message.publish.1}
 * @param point            the hook point, e.g. {@code message.publish}
 * @param topic            topic filter the rule applies to, or {@code null} for every topic (and for points without a
 *                         topic)
 * @param function         a built-in action such as {@code on_message_publish}, or {@code null} for raw actions
 * @param raw              the compiled statements or commands of a raw action (empty for a function)
 * @param maxReturnedCount {@code on_message_fetch}: most messages fetched per subscription; 0 for no limit
 * @param timeRange        {@code on_message_fetch}: only messages younger than this; {@link Duration#ZERO} for any age
 * @param <T>              the backend's compiled raw action ({@code SqlTemplate}, a Redis command template)
 */
public record HookRule<T>(String key, String point, String topic, String function, List<T> raw,
                          int maxReturnedCount, Duration timeRange) {

    public HookRule {
        raw = List.copyOf(raw);
    }

    /**
     * Does the rule apply to this topic (or subscription filter)? A rule for every topic ({@code "#"} or no
     * {@code "topic"}) leaves out {@code $SYS/...} and other {@code $} topics, as {@code #} does in MQTT.
     */
    public boolean appliesTo(String topicOrFilter) {
        String t = io.osprey.api.Topic.withoutShare(topicOrFilter);
        if (topic == null) {
            return t.isEmpty() || t.charAt(0) != '$';
        }
        return io.osprey.api.Topic.matches(topic, t);
    }

    public boolean is(String functionName) {
        return functionName.equals(function);
    }
}
