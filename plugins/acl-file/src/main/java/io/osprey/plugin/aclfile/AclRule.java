package io.osprey.plugin.aclfile;

import java.util.List;
import java.util.stream.Collectors;

import io.osprey.api.hook.AclAction;

/**
 * One rule of acl.conf: {@code {allow|deny, Who, publish|subscribe|pubsub, [Topics]}.} or {@code {allow|deny, all}.}
 *
 * @param topics {@code null} for the two-element form, which matches every topic (an empty list matches none)
 * @param line   where the rule starts in its file
 */
record AclRule(boolean allow, Who who, Access access, List<TopicRule> topics, int line) {

    enum Access {
        PUBLISH, SUBSCRIBE, PUBSUB;

        boolean covers(AclAction action) {
            return this == PUBSUB || (this == PUBLISH) == (action == AclAction.PUBLISH);
        }
    }

    boolean matches(Subject s, AclAction action, String topic, String[] split) {
        if (!access.covers(action) || !who.matches(s)) {
            return false;
        }
        if (topics == null) {
            return true;
        }
        for (TopicRule t : topics) {
            if (t.matches(topic, split, s)) {
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
                + topics.stream().map(TopicRule::text).collect(Collectors.joining(", ")) + "]}.";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
