package io.osprey.plugin.mysql;

/**
 * MQTT topic matching for the plugin's own needs: rule filters ({@code "topic": "sensor/#"}), stored topics against
 * a subscription filter, ACL rows. A filter level {@code +} matches one level, {@code #} the rest; topics starting
 * with {@code $} are not matched by a leading wildcard (MQTT-4.7.2-1).
 */
public final class Topics {

    private Topics() {
    }

    /** Does {@code filter} match {@code topic}? Wildcard characters in {@code topic} are taken literally. */
    public static boolean matches(String filter, String topic) {
        if (filter.equals("#")) {
            return topic.isEmpty() || topic.charAt(0) != '$';
        }
        if (!topic.isEmpty() && topic.charAt(0) == '$' && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (true) {
            int fe = filter.indexOf('/', f);
            if (fe < 0) {
                fe = fl;
            }
            String level = filter.substring(f, fe);
            if (level.equals("#")) {
                return true;
            }
            if (t > tl) {
                // the topic has no more levels; "a/#" also matches "a"
                return false;
            }
            int te = topic.indexOf('/', t);
            if (te < 0) {
                te = tl;
            }
            if (!level.equals("+") && !level.equals(topic.substring(t, te))) {
                return false;
            }
            boolean filterDone = fe >= fl;
            boolean topicDone = te >= tl;
            if (filterDone && topicDone) {
                return true;
            }
            if (filterDone) {
                return false;
            }
            if (topicDone) {
                // only a trailing "/#" may still match
                return filter.substring(fe + 1).equals("#");
            }
            f = fe + 1;
            t = te + 1;
        }
    }

    public static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /** {@code $share/<group>/a/b} and {@code $queue/a/b} without the prefix; other filters as they are. */
    public static String withoutSharePrefix(String filter) {
        if (filter.startsWith("$queue/")) {
            return filter.substring("$queue/".length());
        }
        if (filter.startsWith("$share/")) {
            int slash = filter.indexOf('/', "$share/".length());
            return slash < 0 ? filter : filter.substring(slash + 1);
        }
        return filter;
    }

    /** The levels of {@code filter} before its first wildcard, as a SQL LIKE prefix (with {@code %_\} escaped). */
    public static String likePrefix(String filter) {
        int plus = filter.indexOf('+');
        int hash = filter.indexOf('#');
        int cut = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
        String prefix = cut < 0 ? filter : filter.substring(0, cut);
        StringBuilder b = new StringBuilder(prefix.length() + 2);
        for (char c : prefix.toCharArray()) {
            if (c == '%' || c == '_' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('%').toString();
    }
}
