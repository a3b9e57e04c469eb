package io.osprey.plugin.aclfile;

import java.util.List;
import java.util.stream.Collectors;

import io.osprey.api.AclTopic;
import io.osprey.api.hook.AclAction;

/**
 * One rule of acl.conf: {@code {allow|deny, Who, publish|subscribe|pubsub, [Topics]}.} or {@code {allow|deny, all}.}
 *
 * @param topics {@code null} for the two-element form, which matches every topic (an empty list matches none), except
 *               that {@code {allow, all}} does not count as an allow to publish to a {@code $} topic: those must be
 *               named in a rule, since {@code acl_nomatch} and catch-alls never open the reserved space
 * @param line   where the rule starts in its file
 */
record AclRule(boolean allow, Who who, Access access, List<AclTopic> topics, int line) {

    enum Access {
        PUBLISH, SUBSCRIBE, PUBSUB;

        boolean covers(AclAction action) {
            return this == PUBSUB || (this == PUBLISH) == (action == AclAction.PUBLISH);
        }
    }

    /** @param topic the topic name of a PUBLISH, or the filter of a SUBSCRIBE as subscribed ({@code $share/…}) */
    boolean matches(Subject s, AclAction action, String topic) {
        if (!access.covers(action) || !who.matches(s)) {
            return false;
        }
        if (topics == null) {
            return !(allow && action == AclAction.PUBLISH && topic.startsWith("$"));
        }
        for (AclTopic t : topics) {
            if (action == AclAction.PUBLISH ? t.matchesTopic(topic, s.clientId(), s.username())
                    : t.matchesFilter(topic, s.clientId(), s.username())) {
                return true;
            }
        }
        return false;
    }

    /** The rule as acl.conf writes it. */
    String text() {
        String decision = allow ? "allow" : "deny";
        if (topics == null) {
            return "{" + decision + ", all}.";
        }
        return "{" + decision + ", " + who.text() + ", " + access.name().toLowerCase() + ", ["
                + topics.stream().map(AclRule::text).collect(Collectors.joining(", ")) + "]}.";
    }

    private static String text(AclTopic t) {
        return t.isLiteral() ? "{eq, " + quote(t.text()) + "}" : quote(t.text());
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
