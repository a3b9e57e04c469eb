package io.osprey.plugin.mysql.auth;

import io.osprey.api.hook.AclAction;
import io.osprey.plugin.mysql.Topics;

/**
 * One row of EMQX's mqtt_acl as acl_query returns it, ready to match. Who: {@code username = '$all'} is everyone;
 * otherwise each of ipaddr, username and clientid that is set must match. Access: 1 subscribe, 2 publish, 3 both.
 * Topic: a filter in which {@code %u} and {@code %c} stand for the client's user name and id, or
 * {@code eq <filter>} to match the filter literally.
 */
record AclRow(boolean allow, Cidr ipaddr, String username, String clientid, int access, String topic) {

    static final String ALL = "$all";

    /** Does the row say something about this client doing {@code action} on {@code topic}? */
    boolean matches(String clientId, String user, String peerHost, AclAction action, String requested) {
        if (!whoMatches(clientId, user, peerHost)) {
            return false;
        }
        boolean accessOk = action == AclAction.PUBLISH ? (access == 2 || access == 3) : (access == 1 || access == 3);
        if (!accessOk || topic == null || topic.isEmpty()) {
            return false;
        }
        if (topic.startsWith("eq ")) {
            return topic.substring(3).equals(requested);
        }
        String filter = topic;
        if (filter.contains("%u")) {
            if (user == null || user.isEmpty()) {
                return false;
            }
            filter = filter.replace("%u", user);
        }
        if (filter.contains("%c")) {
            filter = filter.replace("%c", clientId);
        }
        return io.osprey.api.Topic.matches(filter, requested);
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
