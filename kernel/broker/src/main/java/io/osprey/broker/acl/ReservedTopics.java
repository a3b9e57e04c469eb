package io.osprey.broker.acl;

import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;

/**
 * The broker's reserved topic space, topics starting with {@code $} (MQTT 5 §4.7.2): what a client may publish
 * there, on top of the ACL. Applies alike to PUBLISH packets and wills.
 * <ul>
 * <li>{@code $SYS/…} is written by the broker. A client may publish there only as a bridge relaying another broker's
 * {@code $SYS}, and only where the ACL explicitly allows it.</li>
 * <li>Every other {@code $} topic needs an explicit ALLOW from an ACL hook: {@code acl_nomatch = allow} does not
 * open the reserved space, so a forgotten rule does not let clients write {@code $} topics other tools trust.</li>
 * </ul>
 * Superusers skip the ACL, so the second rule does not apply to them; the first does.
 */
public final class ReservedTopics {

    private ReservedTopics() {
    }

    /** Why a client may not publish to {@code topic} whatever the ACL says, or {@code null} when the ACL decides. */
    public static String publishRefusal(String topic, boolean bridge) {
        if (topic.startsWith("$SYS/") && !bridge) {
            return "$SYS topics are written by the broker only";
        }
        return null;
    }

    /**
     * The ACL's answer as a decision: ALLOW and DENY as they are; no opinion ({@code IGNORE}) takes
     * {@code acl_nomatch}, except for a PUBLISH to a {@code $} topic, which stays denied.
     */
    public static boolean allowed(AclResult result, AclAction action, String topic, boolean nomatchAllows) {
        if (result == AclResult.IGNORE) {
            return nomatchAllows && !(action == AclAction.PUBLISH && topic.startsWith("$"));
        }
        return result == AclResult.ALLOW;
    }
}
