package io.osprey.api;

/**
 * MQTT topic rules (MQTT 3.1.1 and 5 §4.7) for plugins: the same validation and matching the broker uses, so a
 * plugin's topic filters (rules, bridges, webhooks) behave exactly like subscriptions.
 */
public final class Topic {

    private Topic() {
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
