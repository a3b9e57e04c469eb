package io.osprey.plugin.aclfile;

/**
 * One topic of an acl.conf rule: a topic filter (wildcards allowed; a level that is exactly {@code %u} or {@code %c}
 * stands for the client's username or client id), or {@code {eq, "t/#"}}, which matches only that exact string.
 */
final class TopicRule {

    private static final String[] NONE = new String[0];

    private final String text;
    private final boolean eq;
    private final String[] levels;
    private final boolean hasPlaceholder;

    TopicRule(String text, boolean eq) {
        this.text = text;
        this.eq = eq;
        this.levels = eq ? NONE : text.split("/", -1);
        boolean p = false;
        for (String l : levels) {
            p |= l.equals("%u") || l.equals("%c");
        }
        this.hasPlaceholder = p;
    }

    /**
     * @param topic the topic name (publish) or topic filter (subscribe), split into levels in {@code split}
     */
    boolean matches(String topic, String[] split, Subject s) {
        if (eq) {
            return text.equals(topic);
        }
        String[] filter = levels;
        if (hasPlaceholder) {
            filter = levels.clone();
            for (int i = 0; i < filter.length; i++) {
                if (filter[i].equals("%u") || filter[i].equals("%c")) {
                    String v = filter[i].equals("%u") ? s.username() : s.clientId();
                    if (v == null || v.isEmpty()) {
                        return false; // no username: a %u rule cannot apply to this client
                    }
                    filter[i] = v;
                }
            }
        }
        return covers(filter, split);
    }

    /**
     * Does rule filter {@code filter} cover {@code name}? For a subscription {@code name} is itself a filter: a rule
     * covers it only if everything the subscription can receive matches the rule ({@code a/+} covers {@code a/+}
     * and {@code a/b}, but {@code a/b} does not cover {@code a/+}). As in MQTT, a leading wildcard does not match a
     * topic that starts with {@code $}.
     */
    static boolean covers(String[] filter, String[] name) {
        if (name.length > 0 && name[0].startsWith("$") && filter.length > 0
                && (filter[0].equals("#") || filter[0].equals("+"))) {
            return false;
        }
        int i = 0;
        for (; i < filter.length; i++) {
            String f = filter[i];
            if (f.equals("#")) {
                return true;
            }
            if (i >= name.length) {
                return false;
            }
            String n = name[i];
            if (n.equals("#")) {
                return false;
            }
            if (f.equals("+")) {
                continue;
            }
            if (!f.equals(n)) {
                return false; // includes a '+' in the subscription against a literal level of the rule
            }
        }
        return i == name.length;
    }

    String text() {
        return eq ? "{eq, " + AclRule.quote(text) + "}" : AclRule.quote(text);
    }
}
