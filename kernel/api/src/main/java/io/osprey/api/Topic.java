package io.osprey.api;

/**
 * MQTT topic rules (MQTT 3.1.1 and 5 §4.7) for plugins: the same validation and matching the broker uses, so a
 * plugin's topic filters (rules, bridges, webhooks) behave exactly like subscriptions.
 */
public final class Topic {

    /** Prefix of a shared subscription: {@code $share/<group>/<filter>}. */
    public static final String SHARE_PREFIX = "$share/";
    /** EMQX's queue prefix: {@code $queue/<filter>} is a shared subscription of the group {@code $queue}. */
    public static final String QUEUE_PREFIX = "$queue/";

    private Topic() {
    }

    /**
     * The group of a shared subscription filter: {@code workers} for {@code $share/workers/jobs/#}, {@code $queue} for
     * {@code $queue/jobs/#}; {@code null} for any other filter (and for a {@code $share/} without a second slash).
     */
    public static String shareGroup(String filter) {
        if (filter.startsWith(QUEUE_PREFIX)) {
            return "$queue";
        }
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            return slash < 0 ? null : filter.substring(SHARE_PREFIX.length(), slash);
        }
        return null;
    }

    /**
     * The filter a subscription matches topics with: {@code jobs/#} for {@code $share/workers/jobs/#} and
     * {@code $queue/jobs/#}; any other filter as it is.
     */
    public static String withoutShare(String filter) {
        if (filter.startsWith(QUEUE_PREFIX)) {
            return filter.substring(QUEUE_PREFIX.length());
        }
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            return slash < 0 ? filter : filter.substring(slash + 1);
        }
        return filter;
    }

    /**
     * Can {@code value} stand for one topic level taken literally? Not when it is empty or contains {@code /},
     * {@code +}, {@code #} or U+0000: a client id or user name like {@code +} must never act as a wildcard.
     */
    public static boolean isLiteralLevel(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** A PUBLISH topic name: at least one character, no {@code +} or {@code #} [MQTT-4.7.1-1], [MQTT-4.7.3-1]. */
    public static boolean isValidName(String topic) {
        if (topic == null || topic.isEmpty()) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A topic filter: not empty; {@code #} only as the last level and alone in it [MQTT-4.7.1-2]; {@code +} alone in
     * its level [MQTT-4.7.1-3].
     */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        int len = filter.length();
        for (int i = 0; i < len; i++) {
            char c = filter.charAt(i);
            if (c == '+') {
                if ((i > 0 && filter.charAt(i - 1) != '/') || (i < len - 1 && filter.charAt(i + 1) != '/')) {
                    return false;
                }
            } else if (c == '#') {
                if (i != len - 1 || (i > 0 && filter.charAt(i - 1) != '/')) {
                    return false;
                }
            } else if (c == 0) {
                return false;
            }
        }
        return true;
    }

    /** Does the filter contain {@code +} or {@code #}? */
    public static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * Does {@code filter} match {@code topic}? Wildcards at the first level do not match topics starting with
     * {@code $} [MQTT-4.7.2-1].
     */
    public static boolean matches(String filter, String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int fl = filter.length();
        int tl = topic.length();
        int fi = 0;
        int ti = 0;
        while (true) {
            int fEnd = filter.indexOf('/', fi);
            if (fEnd < 0) {
                fEnd = fl;
            }
            if (fEnd - fi == 1 && filter.charAt(fi) == '#') {
                return true;
            }
            int tEnd = topic.indexOf('/', ti);
            if (tEnd < 0) {
                tEnd = tl;
            }
            boolean plus = fEnd - fi == 1 && filter.charAt(fi) == '+';
            if (!plus && (fEnd - fi != tEnd - ti || !filter.regionMatches(fi, topic, ti, fEnd - fi))) {
                return false;
            }
            if (fEnd == fl) {
                return tEnd == tl;
            }
            if (tEnd == tl) {
                // the topic ended but the filter goes on: only a trailing "/#" still matches ("a/#" matches "a")
                return fEnd + 2 == fl && filter.charAt(fEnd + 1) == '#';
            }
            fi = fEnd + 1;
            ti = tEnd + 1;
        }
    }
}
