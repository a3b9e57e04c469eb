package io.osprey.backend.auth;

import java.util.function.Consumer;

import io.osprey.api.AclTopic;
import io.osprey.api.hook.AclAction;

/**
 * One ACL rule as a backend's acl query returns it (a row of EMQX's mqtt_acl, or an entry of a Redis ACL hash),
 * ready to match. Who: {@code username = '$all'} is everyone;
 * otherwise each of ipaddr, username and clientid that is set must match. Access: 1 subscribe, 2 publish, 3 both.
 * Topic: a filter in which a level that is exactly {@code %u} or {@code %c} stands for the client's user name or id
 * as one literal level, or {@code eq <filter>} to match the filter literally; matched like acl.conf's topics
 * ({@link AclTopic}: a subscription must be covered by the row, {@code $share/<group>/} rows name the group).
 *
 * @param topic {@code null} when the row's topic is empty or not a valid filter: the row matches nothing
 */
public record AclRow(boolean allow, Cidr ipaddr, String username, String clientid, int access, AclTopic topic) {

    public static final String ALL = "$all";

    /** A rule for whoever the query was about (Redis ACL hashes are per user). */
    public static AclRow forEveryone(boolean allow, int access, String topic,
                                     Consumer<String> onBadTopic) {
        return of(allow, null, ALL, null, access, topic, onBadTopic);
    }

    /** Reads the topic column; a bad one is reported through {@code onBadTopic} and makes the row match nothing. */
    public static AclRow of(boolean allow, Cidr ipaddr, String username, String clientid, int access, String topic,
                            Consumer<String> onBadTopic) {
        AclTopic t = null;
        if (topic != null && !topic.isEmpty()) {
            try {
                t = topic.startsWith("eq ") ? AclTopic.literal(topic.substring(3)) : AclTopic.pattern(topic);
            } catch (IllegalArgumentException e) {
                onBadTopic.accept("ACL rule with topic '" + topic + "' matches nothing: " + e.getMessage());
            }
        }
        return new AclRow(allow, ipaddr, username, clientid, access, t);
    }

    /** Does the row say something about this client doing {@code action} on {@code topic}? */
    public boolean matches(String clientId, String user, String peerHost, AclAction action, String requested) {
        if (!whoMatches(clientId, user, peerHost)) {
            return false;
        }
        boolean accessOk = action == AclAction.PUBLISH ? (access == 2 || access == 3) : (access == 1 || access == 3);
        if (!accessOk || topic == null) {
            return false;
        }
        return action == AclAction.PUBLISH ? topic.matchesTopic(requested, clientId, user)
                : topic.matchesFilter(requested, clientId, user);
    }

    private boolean whoMatches(String clientId, String user, String peerHost) {
        if (ALL.equals(username)) {
            return true;
        }
        boolean any = false;
        if (ipaddr != null) {
            any = true;
            if (!ipaddr.contains(peerHost)) {
                return false;
            }
        }
        if (username != null && !username.isEmpty()) {
            any = true;
            if (!username.equals(user)) {
                return false;
            }
        }
        if (clientid != null && !clientid.isEmpty()) {
            any = true;
            if (!clientid.equals(clientId)) {
                return false;
            }
        }
        return any;
    }
}
