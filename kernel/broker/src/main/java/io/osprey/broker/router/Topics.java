package io.osprey.broker.router;

import java.util.ArrayList;
import java.util.List;

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

    public static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
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
