package io.osprey.plugin.webhook;

/**
 * MQTT topic filter matching for the rules' {@code topic}: {@code +} matches one level, a trailing {@code #} any
 * number of levels (including none), and a wildcard in the first level does not match topics that start with
 * {@code $} [MQTT-4.7.2-1]. For subscribe events the "topic" is itself a filter; its {@code +} and {@code #} are then
 * compared as plain characters, as EMQX does.
 */
final class TopicMatch {

    private TopicMatch() {
    }

    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (true) {
            int fEnd = filter.indexOf('/', f);
            if (fEnd < 0) {
                fEnd = fl;
            }
            String level = filter.substring(f, fEnd);
            if (level.equals("#")) {
                return true;
            }
            if (t > tl) {
                // the topic has no more levels: "a/#" matches "a", nothing else does
                return false;
            }
            int tEnd = topic.indexOf('/', t);
            if (tEnd < 0) {
                tEnd = tl;
            }
            if (!level.equals("+") && !level.equals(topic.substring(t, tEnd))) {
                return false;
            }
            f = fEnd + 1;
            t = tEnd + 1;
            if (f > fl) {
                return t > tl;
            }
            if (t > tl) {
                // topic exhausted; only a remaining "#" level matches
                return filter.substring(f).equals("#");
            }
        }
    }
}
