package io.osprey.plugin.mysql.config;

import java.time.Duration;
import java.util.List;

import io.osprey.plugin.mysql.sql.SqlTemplate;

/**
 * One {@code hook.<point>.<n>} line: at this hook point, for messages or subscriptions matching {@code topic}, run a
 * built-in function or the admin's SQL statements.
 *
 * @param key              the configuration key, e.g. {@code hook.message.publish.1}
 * @param point            the hook point, e.g. {@code message.publish}
 * @param topic            topic filter the rule applies to, or {@code null} for every topic (and for points without a
 *                         topic)
 * @param function         a built-in action such as {@code on_message_publish}, or {@code null} for SQL
 * @param sql              the statements of an {@code {"sql": […]}} action (empty for a function)
 * @param maxReturnedCount {@code on_message_fetch}: most messages fetched per subscription; 0 for no limit
 * @param timeRange        {@code on_message_fetch}: only messages younger than this; {@link Duration#ZERO} for any age
 */
public record HookRule(String key, String point, String topic, String function, List<SqlTemplate> sql,
                       int maxReturnedCount, Duration timeRange) {

    public HookRule {
        sql = List.copyOf(sql);
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
