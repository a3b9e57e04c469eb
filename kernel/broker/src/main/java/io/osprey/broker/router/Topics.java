package io.osprey.broker.router;

import java.util.ArrayList;
import java.util.List;

import io.osprey.api.Topic;

/**
 * Topic name and topic filter rules of MQTT 3.1.1 §4.7 and MQTT 5 §4.7, and matching.
 * Strings reaching here were already UTF-8 validated by the decoder (no U+0000, well-formed).
 */
public final class Topics {

    /** Prefix of a shared subscription: {@code $share/<group>/<filter>}. */
    public static final String SHARE_PREFIX = "$share/";
    /** EMQX's queue prefix: {@code $queue/<filter>} is {@code $share/$queue/<filter>}. */
    public static final String QUEUE_PREFIX = "$queue/";

    private Topics() {
    }

    /** A PUBLISH topic name: at least one character, no {@code +} or {@code #} [MQTT-4.7.1-1], [MQTT-4.7.3-1]. */
    public static boolean isValidName(String topic) {
        return Topic.isValidName(topic);
    }

    /** A topic filter [MQTT-4.7.1-2], [MQTT-4.7.1-3]. */
    public static boolean isValidFilter(String filter) {
        return Topic.isValidFilter(filter);
    }

    public static boolean hasWildcard(String filter) {
        return Topic.hasWildcard(filter);
    }

    /** The number of levels: {@code a/b} has 2, {@code /} has 2. */
    public static int levels(String topic) {
        int n = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /** Splits on {@code /} keeping empty levels ({@code "/a/"} → {@code ["", "a", ""]}). */
    public static String[] split(String topic) {
        int n = levels(topic);
        String[] out = new String[n];
        int start = 0;
        int k = 0;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                out[k++] = topic.substring(start, i);
                start = i + 1;
            }
        }
        out[k] = topic.substring(start);
        return out;
    }

    /** Does {@code filter} match {@code topic}? (see {@link Topic#matches}) */
    public static boolean matches(String filter, String topic) {
        return Topic.matches(filter, topic);
    }

    /**
     * A parsed subscription filter: the group for a shared subscription ({@code null} otherwise) and the filter that
     * is matched against topics.
     */
    public record Filter(String group, String filter) {
        public boolean isShared() {
            return group != null;
        }
    }

    /**
     * Parses {@code $share/<group>/<filter>} and {@code $queue/<filter>}; returns {@code null} for a malformed shared
     * subscription (empty group, wildcards in the group, missing filter) or an invalid filter.
     */
    public static Filter parseFilter(String raw) {
        if (raw.startsWith(SHARE_PREFIX)) {
            int slash = raw.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0) {
                return null;
            }
            String group = raw.substring(SHARE_PREFIX.length(), slash);
            String filter = raw.substring(slash + 1);
            if (group.isEmpty() || group.indexOf('+') >= 0 || group.indexOf('#') >= 0 || !isValidFilter(filter)) {
                return null;
            }
            return new Filter(group, filter);
        }
        if (raw.startsWith(QUEUE_PREFIX)) {
            String filter = raw.substring(QUEUE_PREFIX.length());
            return isValidFilter(filter) ? new Filter("$queue", filter) : null;
        }
        return isValidFilter(raw) ? new Filter(null, raw) : null;
    }

    /** Filters in a list that are not valid, for error messages. */
    public static List<String> invalid(List<String> filters) {
        List<String> bad = new ArrayList<>();
        for (String f : filters) {
            if (parseFilter(f) == null) {
                bad.add(f);
            }
        }
        return bad;
    }
}
