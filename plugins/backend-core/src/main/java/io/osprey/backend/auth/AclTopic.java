package io.osprey.backend.auth;

/**
 * Matching an ACL rule's topic against what a client asks for, with EMQX's placeholders made safe.
 * <p>
 * A level of the rule that is exactly {@code %u} or {@code %c} stands for the client's user name or client id as
 * <em>one literal level</em>: it matches a requested level equal to that value and nothing else. So a client whose id
 * is {@code +} or {@code #}, or contains {@code /}, cannot turn {@code devices/%c/up} into a wildcard or reach other
 * levels, and a subscription's wildcard level is never covered by a placeholder level; without a user name, a
 * {@code %u} rule matches nothing. Other levels are matched as MQTT filters.
 * <p>
 * For a subscription the requested name is itself a filter, and the rule must cover everything it can receive:
 * {@code a/+} covers {@code a/+} and {@code a/b}, but {@code a/b} does not cover {@code a/+}, nor {@code a/+} cover
 * {@code a/#}. As in MQTT, a rule starting with a wildcard does not match a topic starting with {@code $}.
 */
public final class AclTopic {

    private static final String USER = "%u";
    private static final String CLIENT = "%c";

    private AclTopic() {
    }

    /**
     * @param rule      the rule's topic filter, with {@code %u}/{@code %c} levels
     * @param requested the topic published to, or the filter subscribed to
     */
    public static boolean covers(String rule, String user, String clientId, String requested) {
        String[] filter = rule.split("/", -1);
        String[] name = requested.split("/", -1);
        if (name[0].startsWith("$") && (filter[0].equals("#") || filter[0].equals("+"))) {
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
            if (f.equals(USER) || f.equals(CLIENT)) {
                String value = f.equals(USER) ? user : clientId;
                // one literal level, whatever characters it has: never the same as a subscription's wildcard
                if (value == null || value.isEmpty() || n.equals("+") || !value.equals(n)) {
                    return false;
                }
                continue;
            }
            if (f.equals("+")) {
                continue;
            }
            if (!f.equals(n)) {
                return false; // includes a '+' in a subscription against a literal level of the rule
            }
        }
        return i == name.length;
    }
}
