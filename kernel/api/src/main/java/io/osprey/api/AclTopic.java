package io.osprey.api;

/**
 * One topic of an ACL rule ({@code acl.conf}, MySQL's {@code mqtt_acl}, …), matched the same way by every ACL
 * plugin, so that a rule means the same thing wherever it is written.
 * <ul>
 * <li><b>Pattern</b>: a topic filter with {@code +} and {@code #}. A level that is exactly {@code %c} or {@code %u}
 * stands for the client's id or user name as <em>one literal level</em>: it matches only that exact text in that
 * level, and nothing at all when the value is missing, empty, contains {@code /}, {@code +}, {@code #} or U+0000, or
 * (in the first level) starts with {@code $}. So a client whose id is {@code +} cannot turn {@code devices/%c/#}
 * into {@code devices/+/#}.</li>
 * <li><b>Literal</b> ({@code {eq, "t"}} in acl.conf, {@code eq t} in MySQL): exactly that text, with no wildcards
 * and no placeholders ({@code {eq, "#"}} matches a subscription to {@code #}, not to {@code a/#}).</li>
 * <li>For a SUBSCRIBE a pattern applies when it <em>covers</em> the subscription: everything the subscription could
 * receive matches the pattern ({@code a/#} covers {@code a/+}; {@code a/+} does not cover {@code a/#}).</li>
 * <li>As in MQTT, a pattern starting with a wildcard does not match a topic or filter starting with {@code $}.</li>
 * <li><b>Shared subscriptions.</b> A pattern or literal without a share prefix is compared with the filter of a
 * shared subscription ({@code $share/g/jobs/#} is checked as {@code jobs/#}, as EMQX does). A pattern
 * {@code $share/<group>/<filter>} applies only to shared subscriptions of that group: the group is a name,
 * {@code +} for any group, or {@code %c}/{@code %u} as above; {@code $queue/<filter>} applies to {@code $queue/}
 * subscriptions. A literal with a share prefix is compared with the whole filter. A PUBLISH never matches a share
 * pattern.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class AclTopic {

    private static final String[] NONE = new String[0];

    private final String text;
    private final boolean literal;
    /** For a share pattern: the group level of the rule ({@code +}, a name, {@code %c}, {@code %u}); else null. */
    private final String group;
    /** Pattern levels (of the filter part for a share pattern). */
    private final String[] levels;

    private AclTopic(String text, boolean literal, String group, String[] levels) {
        this.text = text;
        this.literal = literal;
        this.group = group;
        this.levels = levels;
    }

    /**
     * A pattern: a topic filter, optionally with a share prefix and {@code %c}/{@code %u} levels.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static AclTopic pattern(String text) {
        String group = null;
        String filter = text;
        if (text.startsWith(Topic.SHARE_PREFIX) || text.startsWith(Topic.QUEUE_PREFIX)) {
            group = Topic.shareGroup(text);
            if (group == null || group.isEmpty()) {
                throw new IllegalArgumentException("a shared pattern is $share/<group>/<filter>");
            }
            if (group.contains("#") || (group.contains("+") && !group.equals("+"))) {
                throw new IllegalArgumentException("the group of a shared pattern is a name, '+', %c or %u");
            }
            filter = Topic.withoutShare(text);
        }
        String problem = filterProblem(filter);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new AclTopic(text, false, group, filter.split("/", -1));
    }

    /** A literal: matches only exactly {@code text}. */
    public static AclTopic literal(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return new AclTopic(text, true, null, NONE);
    }

    /** The rule's text, as written. */
    public String text() {
        return text;
    }

    public boolean isLiteral() {
        return literal;
    }

    /** Does the rule match a PUBLISH to {@code topic} by this client? */
    public boolean matchesTopic(String topic, String clientId, String username) {
        if (literal) {
            return text.equals(topic);
        }
        return group == null && covers(topic.split("/", -1), clientId, username);
    }

    /**
     * Does the rule cover a SUBSCRIBE to {@code filter} (as the client sent it, with any {@code $share/<group>/} or
     * {@code $queue/} prefix) by this client?
     */
    public boolean matchesFilter(String filter, String clientId, String username) {
        String requestGroup = Topic.shareGroup(filter);
        String real = requestGroup == null ? filter : Topic.withoutShare(filter);
        if (literal) {
            boolean sharedText = text.startsWith(Topic.SHARE_PREFIX) || text.startsWith(Topic.QUEUE_PREFIX);
            return text.equals(sharedText ? filter : real);
        }
        if (group != null && (requestGroup == null || !groupMatches(requestGroup, clientId, username))) {
            return false;
        }
        return covers(real.split("/", -1), clientId, username);
    }

    private boolean groupMatches(String requestGroup, String clientId, String username) {
        return switch (group) {
            case "+" -> true;
            case "%c" -> Topic.isLiteralLevel(clientId) && clientId.equals(requestGroup);
            case "%u" -> Topic.isLiteralLevel(username) && username.equals(requestGroup);
            default -> group.equals(requestGroup);
        };
    }

    /** Does this pattern cover {@code name} (a topic, or a filter whose wildcards must all fall inside the rule)? */
    private boolean covers(String[] name, String clientId, String username) {
        if (name.length > 0 && name[0].startsWith("$") && levels.length > 0
                && (levels[0].equals("#") || levels[0].equals("+"))) {
            return false;
        }
        int i = 0;
        for (; i < levels.length; i++) {
            String f = levels[i];
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
            if (f.equals("%c") || f.equals("%u")) {
                String value = f.equals("%c") ? clientId : username;
                if (!Topic.isLiteralLevel(value) || (i == 0 && value.startsWith("$")) || !value.equals(n)) {
                    return false;
                }
                continue;
            }
            if (!f.equals(n)) {
                return false; // includes a '+' in the subscription against a literal level of the rule
            }
        }
        return i == name.length;
    }

    /** What is wrong with a pattern's filter, or {@code null}. */
    private static String filterProblem(String f) {
        if (f.isEmpty()) {
            return "empty";
        }
        String[] levels = f.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return "'#' must be a whole level and the last one";
            }
            if (l.contains("+") && !l.equals("+")) {
                return "'+' must be a whole level";
            }
            if (l.indexOf(0) >= 0) {
                return "U+0000 is not allowed in a topic";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return literal ? "{eq, " + text + "}" : text;
    }
}
