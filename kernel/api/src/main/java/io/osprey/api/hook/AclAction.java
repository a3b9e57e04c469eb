package io.osprey.api.hook;

/** What a client wants to do with a topic. */
public enum AclAction {
    PUBLISH, SUBSCRIBE;

    /** {@code publish} or {@code subscribe}, as EMQX writes it. */
    public String label() {
        return this == PUBLISH ? "publish" : "subscribe";
    }
}
