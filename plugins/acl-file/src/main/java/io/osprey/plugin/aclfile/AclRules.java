package io.osprey.plugin.aclfile;

import java.util.List;

import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;

/** The rules of one acl.conf, in file order: the first rule that matches decides. Immutable; shared by threads. */
final class AclRules {

    /** The outcome of a check and the rule that decided it ({@code null} when none matched). */
    record Decision(AclResult result, AclRule rule) {
    }

    private final String source;
    private final List<AclRule> rules;

    AclRules(String source, List<AclRule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
    }

    static AclRules parse(String file, String text) throws AclSyntaxException {
        return new AclRules(file, AclParser.parse(file, text));
    }

    Decision decide(Subject s, AclAction action, String topic) {
        for (AclRule r : rules) {
            if (r.matches(s, action, topic)) {
                return new Decision(r.allow() ? AclResult.ALLOW : AclResult.DENY, r);
            }
        }
        return new Decision(AclResult.IGNORE, null);
    }

    AclResult check(Subject s, AclAction action, String topic) {
        return decide(s, action, topic).result();
    }

    List<AclRule> rules() {
        return rules;
    }

    String source() {
        return source;
    }
}
