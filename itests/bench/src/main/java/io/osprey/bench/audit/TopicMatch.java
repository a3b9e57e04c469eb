package io.osprey.bench.audit;

/**
 * MQTT topic matching (§4.7), to know in advance which of the run's subscriptions must receive which publisher's
 * messages. Wildcards in the first level do not match topics starting with {@code $} [MQTT-4.7.2-1].
 */
public final class TopicMatch {

    private TopicMatch() {
    }

    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
