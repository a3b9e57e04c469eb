package io.osprey.broker.banned;

/**
 * One ban, as EMQX keeps them.
 *
 * @param as     {@code clientid}, {@code username} or {@code peerhost}
 * @param who    the client id, user name or IP address
 * @param by     who banned: an admin, {@code flapping_detector}, a plugin
 * @param at     epoch milliseconds when it was added
 * @param until  epoch milliseconds when it ends
 */
public record Ban(String as, String who, String reason, String by, long at, long until) {

    public boolean isActive(long now) {
        return now < until;
    }

    String key() {
        return key(as, who);
    }

    static String key(String as, String who) {
        return as + "\u0000" + who;
    }
}
