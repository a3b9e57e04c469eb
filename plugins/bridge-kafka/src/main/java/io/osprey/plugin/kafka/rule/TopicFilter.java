package io.osprey.plugin.kafka.rule;

/**
 * An MQTT topic filter ({@code sensors/+/temp}, {@code #}) matched against topic names, with the MQTT rule that a
 * filter starting with a wildcard does not match topics starting with {@code $} [MQTT-4.7.2-1].
 * <p>
 * Subscription events carry a filter rather than a topic; it is matched as if it were a topic, its wildcards taken
 * as plain levels, after removing a shared-subscription prefix ({@code $share/<group>/}, {@code $queue/}), as
 * EMQX's bridge does.
 */
public final class TopicFilter {

    private final String filter;

    private TopicFilter(String filter) {
        this.filter = filter;
    }

    /**
     * @return the filter
     * @throws IllegalArgumentException naming what is wrong: empty, or a wildcard that is not a whole level, or
     *                                  {@code #} not last
     */
    public static TopicFilter parse(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("a topic filter must not be empty");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'#' must be a whole level and the last one: " + filter);
            }
            if (l.contains("+") && !l.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level: " + filter);
            }
        }
        return new TopicFilter(filter);
    }

    public String filter() {
        return filter;
    }

    /** Does this filter match the topic name {@code topic}? */
    public boolean matches(String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$' && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int fi = 0;
        int ti = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (true) {
            int fEnd = end(filter, fi);
            if (fEnd - fi == 1 && filter.charAt(fi) == '#') {
                return true;
            }
            int tEnd = end(topic, ti);
            boolean plus = fEnd - fi == 1 && filter.charAt(fi) == '+';
            if (!plus && (fEnd - fi != tEnd - ti || !filter.regionMatches(fi, topic, ti, fEnd - fi))) {
                return false;
            }
            if (fEnd == fl) {
                return tEnd == tl;
            }
            if (tEnd == tl) {
                // "a/#" also matches "a"
                return fEnd + 2 == fl && filter.charAt(fEnd + 1) == '#';
            }
            fi = fEnd + 1;
            ti = tEnd + 1;
        }
    }

    /** Matches a subscription's filter, without its shared-subscription prefix. */
    public boolean matchesSubscription(String subscriptionFilter) {
        return matches(unshared(subscriptionFilter));
    }

    /** {@code $share/g/a/b} and {@code $queue/a/b} → {@code a/b}; other filters unchanged. */
    public static String unshared(String subscriptionFilter) {
        if (subscriptionFilter.startsWith("$share/")) {
            int slash = subscriptionFilter.indexOf('/', 7);
            return slash < 0 ? subscriptionFilter : subscriptionFilter.substring(slash + 1);
        }
        if (subscriptionFilter.startsWith("$queue/")) {
            return subscriptionFilter.substring(7);
        }
        return subscriptionFilter;
    }

    private static int end(String s, int from) {
        int i = s.indexOf('/', from);
        return i < 0 ? s.length() : i;
    }

    @Override
    public String toString() {
        return filter;
    }
}
